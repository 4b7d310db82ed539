import { Inject, Injectable } from '@nestjs/common';
import { ExecutionRecord } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { MesCallError, MesValidationError, type MesPort, type MesResponseData } from '../mes/mes.port';
import {
  ExecutionPublisher,
  executedRecord,
  expiredRecord,
  failedRecord,
  type RecordSubject,
} from './execution-publisher';
import { ExecutionRepository, type ExecutionDoc } from './execution.repository';
import { WritebackMetrics } from './writeback-metrics';
import { MES_PORT } from '../writeback.tokens';

type Outcome =
  | { state: 'succeeded'; response: MesResponseData }
  | { state: 'failed'; error: string; response: MesResponseData | null }
  | { state: 'expired'; error: string }
  /** unsent: this attempt sent nothing (an expired resume); only an earlier one may have */
  | { state: 'unknown'; error: string; response: MesResponseData | null; unsent: boolean };

export function subjectOf(doc: ExecutionDoc): RecordSubject {
  return {
    actionId: doc.actionId,
    decisionId: doc.decisionId,
    location: doc.call.location,
    correlationId: doc.correlationId,
  };
}

/**
 * Drives one `calling` execution row to its outcome: MES call (or, when resuming after a
 * crash, first the question whether the key already took effect), then the outcome and
 * the ExecutionRecord into the row, then the record onto the bus. Each step is safe to
 * repeat: the MES applies a key once, the row changes by compare-and-set, consumers
 * dedupe the record by its id. The row's expiry is checked before every call, a resume
 * included: past it the MES is only asked (read-only) whether an earlier attempt landed,
 * never called. An outcome nobody can establish is recorded as `unknown`, not `failed`,
 * and stays so until the reconciler learns it from the MES.
 */
@Injectable()
export class ExecutionRunner {
  constructor(
    private readonly executions: ExecutionRepository,
    @Inject(MES_PORT) private readonly mes: MesPort,
    private readonly publisher: ExecutionPublisher,
    private readonly metrics: WritebackMetrics,
    @Inject(SERVICE_LOG) private readonly log: Logger,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {}

  async run(doc: ExecutionDoc, options: { checkEffectFirst: boolean }): Promise<ExecutionDoc> {
    const { mes, metrics } = this;
    const expired = this.expiredBecause(doc);
    if (options.checkEffectFirst) {
      let effect: MesResponseData | null;
      try {
        effect = await mes.effect(doc.call, doc.idempotencyKey);
      } catch (err) {
        // Not expired: the row stays `calling` and the sweep asks again. Expired: nothing
        // will ever be sent, and whether the earlier attempt landed cannot be told now.
        if (!expired) throw err;
        return this.finish(doc, {
          state: 'unknown',
          error: `${expired}; whether an earlier attempt took effect cannot be established: ${(err as Error).message}`,
          response: null,
          unsent: true,
        });
      }
      if (effect) {
        metrics.reconcile('effect_found');
        this.log.info(
          { actionId: doc.actionId, key: doc.idempotencyKey },
          'MES already applied this key; recording it without a second call',
        );
        return this.finish(doc, { state: 'succeeded', response: effect });
      }
      if (expired) {
        metrics.reconcile('expired');
        return this.finish(doc, { state: 'expired', error: `${expired}; the MES was not called` });
      }
      metrics.reconcile('called_again');
    } else if (expired) {
      return this.finish(doc, { state: 'expired', error: `${expired}; the MES was not called` });
    }
    return this.finish(doc, await this.call(doc));
  }

  /**
   * An `unknown` row: ask the MES whether the key took effect. Yes: succeeded; no: failed
   * (or expired, if it was never sent for that reason); the MES still cannot answer: the
   * row stays unknown (this throws) for the next sweep.
   */
  async resolveUnknown(doc: ExecutionDoc): Promise<ExecutionDoc> {
    const effect = await this.mes.effect(doc.call, doc.idempotencyKey);
    if (effect) {
      this.metrics.reconcile('effect_found');
      return this.finish(doc, { state: 'succeeded', response: effect });
    }
    this.metrics.reconcile('no_effect');
    if (doc.unsent)
      return this.finish(doc, {
        state: 'expired',
        error: `${this.expiredBecause(doc) ?? 'the approval expired'}; the MES reports the key ${doc.idempotencyKey} did not take effect`,
      });
    return this.finish(doc, {
      state: 'failed',
      error: `${doc.error}; the MES reports the key ${doc.idempotencyKey} did not take effect`,
      response: doc.response,
    });
  }

  /** Puts a final row's record on the bus (again, if the last try did not get that far). */
  async publish(doc: ExecutionDoc): Promise<ExecutionDoc> {
    if (doc.published || doc.state === 'calling' || doc.state === 'unknown') return doc;
    await this.publisher.publishBytes(Buffer.from(doc.recordBase64, 'base64'));
    const marked = await this.executions.markPublished(doc, this.clock.now());
    return marked ?? (await this.executions.get(doc._id)) ?? doc;
  }

  /** Why the MES must not be called any more, or null while the approval holds. */
  private expiredBecause(doc: ExecutionDoc): string | null {
    if (!doc.expiresAt) return 'the execution row carries no expiry (begun before expiries were recorded)';
    const expiresAt = Date.parse(doc.expiresAt);
    if (!Number.isFinite(expiresAt)) return `the execution row's expiry "${doc.expiresAt}" is not an instant`;
    return this.clock.now().getTime() >= expiresAt ? `the approval expired at ${doc.expiresAt}` : null;
  }

  private async call(doc: ExecutionDoc): Promise<Outcome> {
    const { mes, metrics } = this;
    const stopTimer = metrics.timeCall();
    try {
      const result = await mes.execute(doc.call, doc.idempotencyKey, { dryRun: false });
      if (result.dryRun) throw new Error('the MES adapter answered a real call with a dry run');
      return { state: 'succeeded', response: result.response };
    } catch (err) {
      if (err instanceof MesValidationError) {
        metrics.failed('invalid_call');
        return { state: 'failed', error: `call not sent: ${err.message}`, response: null };
      }
      if (!(err instanceof MesCallError)) throw err;
      const response =
        err.statusCode === null ? null : { statusCode: err.statusCode, body: err.body, recordId: '' };
      if (!err.transient) {
        metrics.failed('rejected_4xx');
        return { state: 'failed', error: err.message, response };
      }
      // A request that timed out may still have landed; ask before calling it failed.
      let effect: MesResponseData | null;
      try {
        effect = await mes.effect(doc.call, doc.idempotencyKey);
      } catch (lookup) {
        return {
          state: 'unknown',
          error: `${err.message}; the effect lookup failed too (${(lookup as Error).message})`,
          response,
          unsent: false,
        };
      }
      if (effect) return { state: 'succeeded', response: effect };
      metrics.failed('retries_exhausted');
      return { state: 'failed', error: err.message, response };
    } finally {
      stopTimer();
    }
  }

  private async finish(doc: ExecutionDoc, outcome: Outcome): Promise<ExecutionDoc> {
    const { executions, metrics, log } = this;
    const at = this.clock.now();
    const subject = subjectOf(doc);
    const response = outcome.state === 'expired' ? null : outcome.response;
    const error = outcome.state === 'succeeded' ? '' : outcome.error;
    const record =
      outcome.state === 'succeeded'
        ? executedRecord(subject, outcome.response, at)
        : outcome.state === 'expired'
          ? expiredRecord(subject, outcome.error, at)
          : outcome.state === 'failed'
            ? failedRecord(subject, outcome.error, outcome.response, at)
            : null;
    const finished = await executions.finish(
      doc,
      {
        state: outcome.state,
        response,
        error,
        recordBase64: record ? Buffer.from(ExecutionRecord.encode(record).finish()).toString('base64') : '',
        ...(outcome.state === 'unknown' ? { unsent: outcome.unsent } : {}),
      },
      at,
    );
    if (!finished) {
      const current = await executions.get(doc._id);
      if (current && current.state !== 'calling' && current.state !== 'unknown') return this.publish(current);
      throw new Error(`execution of ${doc.actionId} was taken over while this instance was calling the MES`);
    }
    if (outcome.state === 'unknown') {
      metrics.unknownOutcome();
      log.error(
        { actionId: doc.actionId, key: doc.idempotencyKey, error },
        'MES outcome unknown: recorded as unknown until the reconciler can ask the MES',
      );
      return finished;
    }
    metrics.executed(outcome.state === 'succeeded' ? 'executed' : outcome.state);
    if (outcome.state === 'succeeded')
      log.info({ actionId: doc.actionId, recordId: outcome.response.recordId }, 'action executed in the MES');
    else if (outcome.state === 'expired')
      log.warn({ actionId: doc.actionId, error }, 'approval expired before the MES call; not sent');
    else log.error({ actionId: doc.actionId, error }, 'action execution failed');
    return this.publish(finished);
  }
}
