import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG } from '@andon/service-kit';
import type { StoredSignature } from './action-record';
import { ApprovalError } from './approval-error';
import { ApprovalMetrics } from './approval-metrics';
import { RecordSealer, type IntegrityFinding, type SealedIntakeFields } from './record-seal';

/**
 * The last check before approval signs a decision: every seal verifies and the action
 * hash matches the stored proposal. A record that fails is refused (never signed, never
 * settled) and the finding is recorded — log at error with the action id and finding
 * codes, and a metric an alert can watch — once per action and finding.
 */
@Injectable()
export class IntegrityGuard {
  private readonly reported = new Set<string>();

  constructor(
    @Inject(RecordSealer) readonly sealer: RecordSealer,
    @Inject(ApprovalMetrics) private readonly metrics: ApprovalMetrics,
    @Inject(SERVICE_LOG) private readonly log: Logger,
  ) {}

  assertIntact(
    record: SealedIntakeFields & { intakeSeal?: string },
    signatures: readonly StoredSignature[],
  ): void {
    const findings = this.sealer.check(record, signatures);
    if (findings.length === 0) return;
    this.report(record._id, findings);
    throw new ApprovalError(
      409,
      'RECORD_TAMPERED',
      `action ${record._id} was changed outside approval (${findings.map((f) => f.code).join(', ')}); it will not be signed`,
    );
  }

  private report(actionId: string, findings: readonly IntegrityFinding[]): void {
    for (const finding of findings) {
      const key = `${actionId}:${finding.code}:${finding.detail}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.metrics.integrityViolation(finding.code);
      this.log.error(
        { actionId, finding: finding.code, detail: finding.detail },
        'approval refused a tampered record',
      );
    }
  }
}
