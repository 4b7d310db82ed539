import { Inject, Injectable } from '@nestjs/common';
import { ExecutionRecord, ExecutionStatus } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import type { ExecutionNote } from '../domain/action-record';
import { ActionRepository } from '../domain/action.repository';

const STATUS: Readonly<Partial<Record<ExecutionStatus, ExecutionNote['status']>>> = {
  [ExecutionStatus.EXECUTED]: 'executed',
  [ExecutionStatus.FAILED]: 'failed',
  [ExecutionStatus.REFUSED]: 'refused',
};

/**
 * Notes mes-writeback's outcome on the decided action, so reviewers see whether an
 * approval was carried out. Only reports about the decision this service issued count;
 * an "executed" outcome is never overwritten by a later failure report.
 */
@Injectable()
export class ExecutionService {
  constructor(@Inject(ActionRepository) private readonly actions: ActionRepository) {}

  async handle(bytes: Uint8Array, log: Logger): Promise<'noted' | 'ignored'> {
    let record: ExecutionRecord;
    try {
      record = ExecutionRecord.decode(bytes);
    } catch (err) {
      // Not ours to dead-letter loudly: the ledger keeps the original; we only annotate.
      log.warn({ err }, 'undecodable execution record ignored');
      return 'ignored';
    }
    const status = STATUS[record.status];
    if (!status || record.actionId === '') return 'ignored';
    const note: ExecutionNote = {
      executionId: record.executionId,
      decisionId: record.decisionId,
      status,
      detail: record.detail,
      at: (record.executedAt ?? new Date()).toISOString(),
    };
    for (let race = 0; race < 10; race++) {
      const action = await this.actions.get(record.actionId);
      if (!action?.decision || action.decision.decisionId !== record.decisionId) {
        log.info(
          { actionId: record.actionId, decisionId: record.decisionId },
          'execution record for a decision this service did not issue; ignored',
        );
        return 'ignored';
      }
      const current = action.execution;
      if (current?.executionId === note.executionId || current?.status === 'executed') return 'ignored';
      if (await this.actions.noteExecution(action, note)) return 'noted';
    }
    throw new Error(
      `could not note execution ${record.executionId} on action ${record.actionId}: too much contention`,
    );
  }
}
