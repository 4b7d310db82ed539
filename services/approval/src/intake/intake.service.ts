import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { NonRetryableError } from '@andon/bus';
import { DeadLetterReason, ProposedAction, deadLetterReasonCode } from '@andon/contracts';
import { actionHash } from '@andon/governance/canonical';
import { currentTraceParent, type Logger } from '@andon/observability';
import type { ActionRecord } from '../domain/action-record';
import { ActionRepository } from '../domain/action.repository';
import { ActionSettler } from '../domain/action-settler';
import { ApprovalMetrics } from '../domain/approval-metrics';
import { actionForHash, policyActionOf } from '@andon/governance/policy';
import { proposalProblems } from './validate-proposal';

export type IntakeResult = { outcome: 'stored' | 'duplicate'; record: ActionRecord };

/**
 * Consumes one proposed action: validate, hash, evaluate under the active policy (and
 * the shadow one), store it — already decided and signed when policy auto-approves or
 * rejects it — then publish any decision. Redelivery of the same action is a no-op.
 */
@Injectable()
export class IntakeService {
  constructor(
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(ActionSettler) private readonly settler: ActionSettler,
    @Inject(ApprovalMetrics) private readonly metrics: ApprovalMetrics,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {}

  async handle(bytes: Uint8Array, log: Logger): Promise<IntakeResult> {
    const proposal = this.decode(bytes);
    const now = this.clock.now();
    const problems = proposalProblems(proposal, now);
    if (problems.length > 0) {
      this.metrics.intakeResult('invalid');
      throw new NonRetryableError(
        `proposed action ${proposal.actionId || '(no id)'} is invalid: ${problems.join('; ')}`,
        {
          reason: deadLetterReasonCode(DeadLetterReason.SCHEMA_INVALID),
        },
      );
    }
    const hash = actionHash(actionForHash(proposal));
    const existing = await this.actions.get(proposal.actionId);
    if (existing) return this.redelivered(existing, hash, log);

    const action = policyActionOf(proposal);
    const evaluation = this.settler.policy.evaluate(action, [], now);
    const base = {
      _id: proposal.actionId,
      site: action.site,
      line: action.line,
      actionType: proposal.actionType,
      riskClass: action.riskClass,
      product: proposal.product,
      proposedBy: proposal.proposedBy,
      proposedAt: action.proposedAt,
      proposedAtMs: Date.parse(action.proposedAt),
      title: proposal.title,
      actionHash: hash,
      proposal: ProposedAction.toJSON(proposal) as Record<string, unknown>,
      actionExpiresAt: action.expiresAt,
      receivedAt: now.toISOString(),
    };
    const sealed = { ...base, intakeSeal: this.settler.integrity.sealer.sealIntake(base) };
    const patch = this.settler.patchFor(
      sealed,
      evaluation,
      [],
      () => this.settler.policy.shadow(action, [], now),
      now,
    );
    // The proposal's trace (the intake consumer span), so the decision continues it however late a human signs.
    const traceParent = currentTraceParent();
    const record: Omit<ActionRecord, 'version'> = {
      ...sealed,
      ...patch,
      ...(traceParent ? { traceParent } : {}),
    };
    if ((await this.actions.insert(record)) === 'duplicate') {
      // A concurrent redelivery inserted it first.
      const winner = await this.actions.get(proposal.actionId);
      if (!winner) throw new Error(`action ${proposal.actionId} reported duplicate but cannot be read`);
      return this.redelivered(winner, hash, log);
    }
    this.metrics.intakeResult('stored');
    const stored: ActionRecord = { ...record, version: 1 };
    log.info(
      { actionId: stored._id, state: stored.state, policy: stored.policy, actionHash: hash },
      'proposed action stored',
    );
    if (stored.state === 'pending') await this.settler.refreshPending();
    else await this.settler.afterDecided(stored);
    return { outcome: 'stored', record: stored };
  }

  private decode(bytes: Uint8Array): ProposedAction {
    try {
      return ProposedAction.decode(bytes);
    } catch (err) {
      this.metrics.intakeResult('invalid');
      throw new NonRetryableError(`not a ProposedAction: ${(err as Error).message}`, {
        reason: deadLetterReasonCode(DeadLetterReason.DECODE_FAILED),
        cause: err,
      });
    }
  }

  private async redelivered(existing: ActionRecord, hash: string, log: Logger): Promise<IntakeResult> {
    if (existing.actionHash !== hash) {
      this.metrics.intakeResult('conflict');
      // Actions are immutable: a changed action must come with a new id, or it could ride on old signatures.
      throw new NonRetryableError(
        `action id ${existing._id} was already received with hash ${existing.actionHash}; this one hashes to ${hash}`,
        { reason: deadLetterReasonCode(DeadLetterReason.SCHEMA_INVALID) },
      );
    }
    this.metrics.intakeResult('duplicate');
    log.debug({ actionId: existing._id }, 'proposed action already stored');
    return { outcome: 'duplicate', record: existing };
  }
}
