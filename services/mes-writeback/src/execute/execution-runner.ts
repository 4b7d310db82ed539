import { ExecutionRecord } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import { MesCallError, MesValidationError, type MesPort, type MesResponseData } from '../mes/mes.port';
import { ExecutionPublisher, executedRecord, failedRecord, type RecordSubject } from './execution-publisher';
import type { ExecutionDoc, ExecutionRepository } from './execution.repository';
import type { WritebackMetrics } from './writeback-metrics';

export interface RunnerDeps {
  executions: ExecutionRepository;
  mes: MesPort;
  publisher: ExecutionPublisher;
  metrics: WritebackMetrics;
  log: Logger;
  now: () => Date;
}

type Outcome = { ok: true; response: MesResponseData } | { ok: false; error: string; response: MesResponseData | null };

export function subjectOf(doc: ExecutionDoc): RecordSubject {
  return { actionId: doc.actionId, decisionId: doc.decisionId, location: doc.call.location, correlationId: doc.correlationId };
}

/**
 * Drives one `calling` execution row to its outcome: MES call (or, when resuming after a
 * crash, first the question whether the key already took effect), then the outcome and
 * the ExecutionRecord into the row, then the record onto the bus. Each step is safe to
 * repeat: the MES applies a key once, the row changes by compare-and-set, consumers
 * dedupe the record by its id.
 */
export class ExecutionRunner {
  constructor(private readonly deps: RunnerDeps) {}

  async run(doc: ExecutionDoc, options: { checkEffectFirst: boolean }): Promise<ExecutionDoc> {
    const { mes, metrics } = this.deps;
    if (options.checkEffectFirst) {
      const effect = await mes.effect(doc.call, doc.idempotencyKey);
      if (effect) {
        metrics.reconcile('effect_found');
        this.deps.log.info({ actionId: doc.actionId, key: doc.idempotencyKey }, 'MES already applied this key; recording it without a second call');
        return this.finish(doc, { ok: true, response: effect });
      }
      metrics.reconcile('called_again');
    }
    return this.finish(doc, await this.call(doc));
  }

  /** Puts a final row's record on the bus (again, if the last try did not get that far). */
  async publish(doc: ExecutionDoc): Promise<ExecutionDoc> {
    if (doc.published || doc.state === 'calling') return doc;
    await this.deps.publisher.publishBytes(Buffer.from(doc.recordBase64, 'base64'));
    const marked = await this.deps.executions.markPublished(doc, this.deps.now());
    return marked ?? (await this.deps.executions.get(doc._id)) ?? doc;
  }

  private async call(doc: ExecutionDoc): Promise<Outcome> {
    const { mes, metrics } = this.deps;
    const stopTimer = metrics.timeCall();
    try {
      const result = await mes.execute(doc.call, doc.idempotencyKey, { dryRun: false });
      if (result.dryRun) throw new Error('the MES adapter answered a real call with a dry run');
      return { ok: true, response: result.response };
    } catch (err) {
      if (err instanceof MesValidationError) {
        metrics.failed('invalid_call');
        return { ok: false, error: `call not sent: ${err.message}`, response: null };
      }
      if (!(err instanceof MesCallError)) throw err;
      if (err.transient) {
        // A request that timed out may still have landed; ask before calling it failed.
        const effect = await mes.effect(doc.call, doc.idempotencyKey).catch(() => null);
        if (effect) return { ok: true, response: effect };
        metrics.failed('retries_exhausted');
      } else {
        metrics.failed('rejected_4xx');
      }
      const response = err.statusCode === null ? null : { statusCode: err.statusCode, body: err.body, recordId: '' };
      return { ok: false, error: err.message, response };
    } finally {
      stopTimer();
    }
  }

  private async finish(doc: ExecutionDoc, outcome: Outcome): Promise<ExecutionDoc> {
    const { executions, metrics, log } = this.deps;
    const at = this.deps.now();
    const subject = subjectOf(doc);
    const record = outcome.ok ? executedRecord(subject, outcome.response, at) : failedRecord(subject, outcome.error, outcome.response, at);
    const finished = await executions.finish(
      doc,
      {
        state: outcome.ok ? 'succeeded' : 'failed',
        response: outcome.response,
        error: outcome.ok ? '' : outcome.error,
        recordBase64: Buffer.from(ExecutionRecord.encode(record).finish()).toString('base64'),
      },
      at,
    );
    if (!finished) {
      const current = await executions.get(doc._id);
      if (current && current.state !== 'calling') return this.publish(current);
      throw new Error(`execution of ${doc.actionId} was taken over while this instance was calling the MES`);
    }
    metrics.executed(outcome.ok ? 'executed' : 'failed');
    if (outcome.ok) log.info({ actionId: doc.actionId, recordId: outcome.response.recordId }, 'action executed in the MES');
    else log.error({ actionId: doc.actionId, error: outcome.error }, 'action execution failed');
    return this.publish(finished);
  }
}
