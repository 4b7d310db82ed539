import { Inject, Injectable } from '@nestjs/common';
import type { PolicyEvaluation } from '@andon/governance/policy';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { DecisionPublisher } from '../publish/decision-publisher';
import type { ActionRecord, StoredSignature } from './action-record';
import { ActionRepository } from './action.repository';
import { ApprovalMetrics } from './approval-metrics';
import { DecisionFactory, NO_MATCHING_RULE } from './decision-factory';
import { IntegrityGuard } from './integrity-guard';
import type { SealedIntakeFields } from './record-seal';
import { PolicyRuntime, policyActionOfRecord } from './policy-runtime';

/** Everything a (re-)evaluation sets; the decision and outbox flag only once final. */
export type SettledFields = Pick<
  ActionRecord,
  'state' | 'policy' | 'expiresAt' | 'expiresAtMs' | 'signatures' | 'shadow'
> &
  Partial<Pick<ActionRecord, 'decision' | 'published'>>;

/** Conditional updates lost to other writers before giving up; each loss means progress elsewhere. */
const MAX_RACES = 20;

/**
 * Turns a policy evaluation into the record's next state, and when that state is final
 * into a signed decision waiting in the outbox. Intake, decide and the expiry sweep all
 * go through here, so there is one definition of "decided".
 */
@Injectable()
export class ActionSettler {
  constructor(
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(PolicyRuntime) readonly policy: PolicyRuntime,
    @Inject(DecisionFactory) private readonly decisions: DecisionFactory,
    @Inject(DecisionPublisher) private readonly publisher: DecisionPublisher,
    @Inject(ApprovalMetrics) private readonly metrics: ApprovalMetrics,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_LOG) private readonly log: Logger,
    @Inject(IntegrityGuard) readonly integrity: IntegrityGuard,
  ) {}

  patchFor(
    subject: SealedIntakeFields & Pick<ActionRecord, 'intakeSeal'>,
    evaluation: PolicyEvaluation,
    signatures: readonly StoredSignature[],
    shadowOf: () => ActionRecord['shadow'],
    now: Date,
  ): SettledFields {
    const expiresAt = evaluation.expiresAt ?? subject.actionExpiresAt;
    const patch: SettledFields = {
      state: evaluation.state,
      policy: evaluation.policy,
      expiresAt,
      expiresAtMs: Date.parse(expiresAt),
      signatures: [...signatures],
      shadow: shadowOf(),
    };
    if (evaluation.state === 'pending') return patch;
    // Nothing is signed from fields approval did not write and seal.
    this.integrity.assertIntact(subject, signatures);
    patch.decision = this.decisions.build(subject, {
      outcome: evaluation.state,
      policy: evaluation.policy ?? { id: NO_MATCHING_RULE, version: this.policy.activeVersion },
      signatures,
      expiresAt,
      decidedAt: now,
    });
    patch.published = false;
    return patch;
  }

  /**
   * Brings a pending record up to date with the clock (expiry) and the current policy.
   * Returns the record as it stands afterwards, whoever settled it.
   */
  async settleCurrent(start: ActionRecord): Promise<ActionRecord> {
    let record: ActionRecord | null = start;
    for (let race = 0; race < MAX_RACES && record?.state === 'pending'; race++) {
      const now = this.clock.now();
      const action = policyActionOfRecord(record);
      const evaluation = this.policy.evaluate(action, record.signatures, now);
      if (evaluation.state === 'pending') return record;
      const current: ActionRecord = record;
      const patch = this.patchFor(
        current,
        evaluation,
        current.signatures,
        () => this.policy.shadow(action, current.signatures, now),
        now,
      );
      const updated = await this.actions.updatePending(current, patch);
      if (updated) {
        await this.afterDecided(updated);
        return updated;
      }
      record = await this.actions.get(start._id);
    }
    if (!record) throw new Error(`action ${start._id} disappeared while settling`);
    return record;
  }

  /** Metrics, the pending gauge and the outbox send for a record that just reached a final state. */
  async afterDecided(record: ActionRecord): Promise<void> {
    if (record.decision) {
      this.metrics.decided(
        record.decision.outcome,
        record.riskClass,
        record.proposedAtMs,
        Date.parse(record.decision.decidedAt),
      );
      this.log.info(
        {
          actionId: record._id,
          outcome: record.decision.outcome,
          policy: record.decision.policy,
          decisionId: record.decision.decisionId,
        },
        'action decided',
      );
      await this.publisher.publish(record);
    }
    await this.refreshPending();
  }

  async refreshPending(): Promise<void> {
    this.metrics.setPending(await this.actions.countPending());
  }
}
