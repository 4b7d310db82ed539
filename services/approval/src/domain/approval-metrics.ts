import { Inject, Injectable } from '@nestjs/common';
import { Metrics } from '@andon/observability';

/** The service's Prometheus series; names are shared when standalone composes it twice. */
@Injectable()
export class ApprovalMetrics {
  private readonly decisions;
  private readonly pending;
  private readonly timeToDecision;
  private readonly intake;
  private readonly signatures;
  private readonly publishFailures;
  private readonly tampered;

  constructor(@Inject(Metrics) metrics: Metrics) {
    this.decisions = metrics.counter(
      'andon_approval_decisions_total',
      'Decisions reached, by outcome and risk class',
      ['outcome', 'risk_class'],
    );
    this.pending = metrics.gauge('andon_approval_pending_actions', 'Actions waiting for signatures');
    this.timeToDecision = metrics.histogram(
      'andon_approval_time_to_decision_seconds',
      'Seconds from proposal to decision, by outcome and risk class',
      ['outcome', 'risk_class'],
      [1, 10, 60, 300, 900, 1800, 3600, 4 * 3600, 8 * 3600, 24 * 3600, 48 * 3600],
    );
    this.intake = metrics.counter('andon_approval_intake_total', 'Proposed actions consumed, by result', [
      'result',
    ]);
    this.signatures = metrics.counter('andon_approval_signatures_total', 'Signature attempts, by result', [
      'result',
    ]);
    this.tampered = metrics.counter(
      'andon_approval_integrity_violations_total',
      'Stored records refused because a seal or the action hash did not verify, by finding',
      ['finding'],
    );
    this.publishFailures = metrics.counter(
      'andon_approval_publish_failures_total',
      'Decisions whose publish failed and wait in the outbox',
    );
  }

  decided(outcome: string, riskClass: string, proposedAtMs: number, decidedAtMs: number): void {
    this.decisions.inc({ outcome, risk_class: riskClass });
    this.timeToDecision.observe(
      { outcome, risk_class: riskClass },
      Math.max(0, (decidedAtMs - proposedAtMs) / 1000),
    );
  }

  setPending(count: number): void {
    this.pending.set(count);
  }

  intakeResult(result: 'stored' | 'duplicate' | 'invalid' | 'conflict'): void {
    this.intake.inc({ result });
  }

  signatureResult(result: string): void {
    this.signatures.inc({ result });
  }

  publishFailed(): void {
    this.publishFailures.inc();
  }

  integrityViolation(finding: string): void {
    this.tampered.inc({ finding });
  }
}
