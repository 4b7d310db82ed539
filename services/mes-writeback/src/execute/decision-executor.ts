import { NonRetryableError } from '@andon/bus';
import { Decision, type ProposedAction } from '@andon/contracts';
import type { SignedDecision } from '@andon/governance/policy';
import type { Logger } from '@andon/observability';
import type { ActionRepository } from '../intake/action.repository';
import { MesValidationError, type MesCallRequest, type MesPort } from '../mes/mes.port';
import { checkAction, checkDecision, refusal, type GatePolicy, type Refusal } from './decision-gate';
import {
  invalidCallRecord,
  refusedRecord,
  type ExecutionPublisher,
  type RecordSubject,
} from './execution-publisher';
import type { ExecutionDoc, ExecutionRepository } from './execution.repository';
import type { ExecutionRunner } from './execution-runner';
import type { ParkedDecisionRepository, RecordSource } from './parked-decision.repository';
import type { WritebackMetrics } from './writeback-metrics';

export interface ExecutorDeps {
  actions: ActionRepository;
  executions: ExecutionRepository;
  parked: ParkedDecisionRepository;
  runner: ExecutionRunner;
  mes: MesPort;
  publisher: ExecutionPublisher;
  metrics: WritebackMetrics;
  gate: GatePolicy;
  log: Logger;
  now: () => Date;
  /** this instance, as recorded on the execution rows it holds */
  owner: string;
  leaseMs: number;
  dryRun: boolean;
}

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
export class DecisionExecutor {
  constructor(private readonly deps: ExecutorDeps) {}

  async handle(bytes: Uint8Array, source: RecordSource, log: Logger = this.deps.log): Promise<void> {
    let decision: Decision;
    try {
      decision = Decision.decode(bytes);
    } catch (err) {
      throw new NonRetryableError('andon.v1.Decision does not decode', { cause: err });
    }
    if (!decision.decisionId || !decision.actionId)
      throw new NonRetryableError('decision without decisionId or actionId');
    const checked = checkDecision(decision, this.deps.gate);
    if (!checked.ok) return this.refuse(subjectOfDecision(decision), checked.refusal, source, log);

    const stored = await this.deps.actions.get(decision.actionId);
    if (stored) return this.decide(checked.signed, decision, stored, source, log);

    if (await this.deps.parked.park(decision.decisionId, decision.actionId, bytes, source, this.deps.now())) {
      this.deps.metrics.parkedDecision();
      log.info(
        { actionId: decision.actionId, decisionId: decision.decisionId },
        'decision arrived before its action; parked',
      );
    }
    // The action may have been stored between the lookup and the park; then nobody else
    // would look at the parked row, so look again.
    if (await this.deps.actions.get(decision.actionId)) await this.resumeParked(decision.actionId);
  }

  /** Handles decisions that were waiting for this action (called once the action is stored). */
  async resumeParked(actionId: string): Promise<void> {
    await this.handleParked(
      await this.deps.parked.take(actionId, this.deps.now().getTime(), this.deps.leaseMs),
    );
  }

  /** Parked decisions whose handler died after taking them. */
  async resumeStaleParked(): Promise<void> {
    await this.handleParked(await this.deps.parked.takeStale(this.deps.now().getTime(), this.deps.leaseMs));
  }

  private async handleParked(rows: Awaited<ReturnType<ParkedDecisionRepository['take']>>): Promise<void> {
    for (const row of rows) {
      const decision = Decision.decode(Buffer.from(row.decisionBase64, 'base64'));
      const stored = await this.deps.actions.get(row.actionId);
      const checked = checkDecision(decision, this.deps.gate);
      if (!stored) continue;
      if (!checked.ok)
        await this.refuse(subjectOfDecision(decision), checked.refusal, row.source, this.deps.log);
      else await this.decide(checked.signed, decision, stored, row.source, this.deps.log);
      await this.deps.parked.done(row);
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
      this.deps.gate,
      this.deps.now(),
    );
    if (refused) return this.refuse(subject, refused, source, log);

    const call = callOf(action);
    const key = idempotencyKeyOf(action.actionId);
    // Validated before the action's one execution slot is taken: a mapping mistake burns
    // nothing, and the same decision can run once the mapping is fixed.
    let planned;
    try {
      planned = await this.deps.mes.execute(call, key, { dryRun: true });
    } catch (err) {
      if (!(err instanceof MesValidationError)) throw err;
      this.deps.metrics.failed('invalid_call');
      log.error(
        { actionId: action.actionId, err },
        'approved call does not fit the MES endpoint map; not sent',
      );
      await this.deps.publisher.publish(invalidCallRecord(subject, err.message, source, this.deps.now()));
      return;
    }
    if (this.deps.dryRun && planned.dryRun) {
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

    const now = this.deps.now();
    const doc = await this.deps.executions.begin({
      expiresAt: expiryOf(signed, action),
      actionId: action.actionId,
      decisionId: decision.decisionId,
      site: call.location.site,
      correlationId: subject.correlationId,
      idempotencyKey: key,
      call,
      owner: this.deps.owner,
      leaseUntil: now.getTime() + this.deps.leaseMs,
      createdAt: now.toISOString(),
    });
    if (doc) {
      await this.deps.runner.run(doc, { checkEffectFirst: false });
      return;
    }
    const existing = await this.deps.executions.get(action.actionId);
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
      await this.deps.runner.publish(existing);
      return;
    }
    const now = this.deps.now().getTime();
    if (existing.owner !== this.deps.owner && existing.leaseUntil > now) {
      throw new Error(`execution of ${existing.actionId} is in progress on ${existing.owner}; retry later`);
    }
    const claimed = await this.deps.executions.claim(
      existing,
      this.deps.owner,
      now + this.deps.leaseMs,
      this.deps.now(),
    );
    if (!claimed) throw new Error(`execution of ${existing.actionId} changed while resuming; retry`);
    await this.deps.runner.run(claimed, { checkEffectFirst: true });
  }

  private async refuse(
    subject: RecordSubject,
    refused: Refusal,
    source: RecordSource,
    log: Logger,
  ): Promise<void> {
    this.deps.metrics.refused(refused.code);
    log.warn(
      {
        actionId: subject.actionId,
        decisionId: subject.decisionId,
        reason: refused.code,
        detail: refused.detail,
      },
      'decision refused; nothing sent to the MES',
    );
    await this.deps.publisher.publish(refusedRecord(subject, refused, source, this.deps.now()));
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
