import type { KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { NonRetryableError } from '@andon/bus';
import { Decision, type ProposedAction } from '@andon/contracts';
import type { SignedDecision } from '@andon/governance/policy';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import type { WritebackSettings } from '../config/writeback.config';
import { ActionRepository } from '../intake/action.repository';
import { MesValidationError, type MesCallRequest, type MesPort } from '../mes/mes.port';
import { APPROVAL_PUBLIC_KEYS, MES_PORT, WRITEBACK_CONFIG, WRITEBACK_OWNER } from '../writeback.tokens';
import { checkAction, checkDecision, refusal, type GatePolicy, type Refusal } from './decision-gate';
import {
  ExecutionPublisher,
  invalidCallRecord,
  refusedRecord,
  type RecordSubject,
} from './execution-publisher';
import { ExecutionRepository, type ExecutionDoc } from './execution.repository';
import { ExecutionRunner } from './execution-runner';
import { ParkedDecisionRepository, type RecordSource } from './parked-decision.repository';
import { WritebackMetrics } from './writeback-metrics';

/** The MES idempotency key of an action: one per action, so every retry and resume reuses it. */
export function idempotencyKeyOf(actionId: string): string {
  return `andon-${actionId}`;
}

export function callOf(action: ProposedAction): MesCallRequest {
  const loc = action.location;
  return {
    actionId: action.actionId,
    actionType: action.actionType,
    method: action.mesCall?.method ?? '',
    path: action.mesCall?.path ?? '',
    payloadJson: action.mesCall?.payloadJson ?? '',
    location: {
      enterprise: loc?.enterprise ?? '',
      site: loc?.site ?? '',
      area: loc?.area ?? '',
      line: loc?.line ?? '',
      cell: loc?.cell ?? '',
    },
  };
}

/**
 * The use case behind andon.actions.decided.v1: verify, bind to the stored action, then
 * execute exactly once through the outbox row, or publish why not.
 */
@Injectable()
export class DecisionExecutor {
  private readonly gate: GatePolicy;
  private readonly leaseMs: number;
  private readonly dryRun: boolean;

  constructor(
    private readonly actions: ActionRepository,
    private readonly executions: ExecutionRepository,
    private readonly parked: ParkedDecisionRepository,
    private readonly runner: ExecutionRunner,
    @Inject(MES_PORT) private readonly mes: MesPort,
    private readonly publisher: ExecutionPublisher,
    private readonly metrics: WritebackMetrics,
    @Inject(APPROVAL_PUBLIC_KEYS) publicKeys: ReadonlyMap<string, KeyObject>,
    @Inject(WRITEBACK_CONFIG) config: WritebackSettings,
    @Inject(SERVICE_LOG) private readonly log: Logger,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
    /** this instance, as recorded on the execution rows it holds */
    @Inject(WRITEBACK_OWNER) private readonly owner: string,
  ) {
    this.gate = { publicKeys, acceptedPolicyVersions: config.WRITEBACK_ACCEPTED_POLICY_VERSIONS };
    this.leaseMs = config.WRITEBACK_LEASE_MS;
    this.dryRun = config.WRITEBACK_DRY_RUN;
  }

  async handle(bytes: Uint8Array, source: RecordSource, log: Logger = this.log): Promise<void> {
    let decision: Decision;
    try {
      decision = Decision.decode(bytes);
    } catch (err) {
      throw new NonRetryableError('andon.v1.Decision does not decode', { cause: err });
    }
    if (!decision.decisionId || !decision.actionId)
      throw new NonRetryableError('decision without decisionId or actionId');
    const checked = checkDecision(decision, this.gate);
    if (!checked.ok) return this.refuse(subjectOfDecision(decision), checked.refusal, source, log);

    const stored = await this.actions.get(decision.actionId);
    if (stored) return this.decide(checked.signed, decision, stored, source, log);

    if (await this.parked.park(decision.decisionId, decision.actionId, bytes, source, this.clock.now())) {
      this.metrics.parkedDecision();
      log.info(
        { actionId: decision.actionId, decisionId: decision.decisionId },
        'decision arrived before its action; parked',
      );
    }
    // The action may have been stored between the lookup and the park; then nobody else
    // would look at the parked row, so look again.
    if (await this.actions.get(decision.actionId)) await this.resumeParked(decision.actionId);
  }

  /** Handles decisions that were waiting for this action (called once the action is stored). */
  async resumeParked(actionId: string): Promise<void> {
    await this.handleParked(await this.parked.take(actionId, this.clock.now().getTime(), this.leaseMs));
  }

  /** Parked decisions whose handler died after taking them. */
  async resumeStaleParked(): Promise<void> {
    await this.handleParked(await this.parked.takeStale(this.clock.now().getTime(), this.leaseMs));
  }

  private async handleParked(rows: Awaited<ReturnType<ParkedDecisionRepository['take']>>): Promise<void> {
    for (const row of rows) {
      const decision = Decision.decode(Buffer.from(row.decisionBase64, 'base64'));
      const stored = await this.actions.get(row.actionId);
      const checked = checkDecision(decision, this.gate);
      if (!stored) continue;
      if (!checked.ok) await this.refuse(subjectOfDecision(decision), checked.refusal, row.source, this.log);
      else await this.decide(checked.signed, decision, stored, row.source, this.log);
      await this.parked.done(row);
    }
  }

  private async decide(
    signed: SignedDecision,
    decision: Decision,
    stored: NonNullable<Awaited<ReturnType<ActionRepository['get']>>>,
    source: RecordSource,
    log: Logger,
  ): Promise<void> {
    const { action } = stored;
    const subject: RecordSubject = {
      actionId: decision.actionId,
      decisionId: decision.decisionId,
      location: action.location ?? decision.location,
      correlationId: action.correlationId || decision.correlationId,
    };
    const refused = checkAction(
      signed,
      { action, otherHashes: stored.doc.otherHashes },
      this.gate,
      this.clock.now(),
    );
    if (refused) return this.refuse(subject, refused, source, log);

    const call = callOf(action);
    const key = idempotencyKeyOf(action.actionId);
    // Validated before the action's one execution slot is taken: a mapping mistake burns
    // nothing, and the same decision can run once the mapping is fixed.
    let planned;
    try {
      planned = await this.mes.execute(call, key, { dryRun: true });
    } catch (err) {
      if (!(err instanceof MesValidationError)) throw err;
      this.metrics.failed('invalid_call');
      log.error(
        { actionId: action.actionId, err },
        'approved call does not fit the MES endpoint map; not sent',
      );
      await this.publisher.publish(invalidCallRecord(subject, err.message, source, this.clock.now()));
      return;
    }
    if (this.dryRun && planned.dryRun) {
      return this.refuse(
        subject,
        refusal(
          'DRY_RUN',
          `dry-run mode: ${planned.request.method} ${planned.request.url} validated, not sent`,
        ),
        source,
        log,
      );
    }

    const now = this.clock.now();
    const doc = await this.executions.begin({
      expiresAt: expiryOf(signed, action),
      actionId: action.actionId,
      decisionId: decision.decisionId,
      site: call.location.site,
      correlationId: subject.correlationId,
      idempotencyKey: key,
      call,
      owner: this.owner,
      leaseUntil: now.getTime() + this.leaseMs,
      createdAt: now.toISOString(),
    });
    if (doc) {
      await this.runner.run(doc, { checkEffectFirst: false });
      return;
    }
    const existing = await this.executions.get(action.actionId);
    if (!existing) throw new Error(`execution of ${action.actionId} reported as present but not found`);
    if (existing.decisionId === decision.decisionId && !existing.published) {
      await this.resume(existing);
      return;
    }
    return this.refuse(
      subject,
      refusal(
        'REPLAYED',
        `action ${action.actionId} was already executed (${existing.state}) under decision ${existing.decisionId}`,
      ),
      source,
      log,
    );
  }

  // The same decision again while its execution is unfinished: the earlier handler of this
  // record died (or is still running elsewhere, then it keeps the row until its lease ends).
  private async resume(existing: ExecutionDoc): Promise<void> {
    if (existing.state !== 'calling') {
      await this.runner.publish(existing);
      return;
    }
    const now = this.clock.now().getTime();
    if (existing.owner !== this.owner && existing.leaseUntil > now) {
      throw new Error(`execution of ${existing.actionId} is in progress on ${existing.owner}; retry later`);
    }
    const claimed = await this.executions.claim(existing, this.owner, now + this.leaseMs, this.clock.now());
    if (!claimed) throw new Error(`execution of ${existing.actionId} changed while resuming; retry`);
    await this.runner.run(claimed, { checkEffectFirst: true });
  }

  private async refuse(
    subject: RecordSubject,
    refused: Refusal,
    source: RecordSource,
    log: Logger,
  ): Promise<void> {
    this.metrics.refused(refused.code);
    log.warn(
      {
        actionId: subject.actionId,
        decisionId: subject.decisionId,
        reason: refused.code,
        detail: refused.detail,
      },
      'decision refused; nothing sent to the MES',
    );
    await this.publisher.publish(refusedRecord(subject, refused, source, this.clock.now()));
  }
}

/** The earlier of the decision's and the action's expiry: the last instant the MES may be called. */
export function expiryOf(signed: SignedDecision, action: ProposedAction): string {
  const decision = Date.parse(signed.signed.expiresAt);
  const own = action.expiresAt ? action.expiresAt.getTime() : Number.POSITIVE_INFINITY;
  return new Date(Math.min(decision, own)).toISOString();
}

function subjectOfDecision(decision: Decision): RecordSubject {
  return {
    actionId: decision.actionId,
    decisionId: decision.decisionId,
    location: decision.location,
    correlationId: decision.correlationId,
  };
}
