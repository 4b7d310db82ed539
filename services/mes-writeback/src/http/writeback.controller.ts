import { Controller, Get, HttpCode, HttpException, Inject, Param, Post } from '@nestjs/common';
import { callOf, idempotencyKeyOf } from '../execute/decision-executor';
import { MesValidationError, type PlannedRequest } from '../mes/mes.port';
import type { WritebackCore } from '../writeback-core';
import { WRITEBACK_CORE } from '../writeback.tokens';

/**
 * Operations view (cluster-internal, like the MES it fronts): what happened to an action's
 * execution, and a dry run of the call an action would make. Nothing here executes.
 */
@Controller('api/writeback')
export class WritebackController {
  constructor(@Inject(WRITEBACK_CORE) private readonly core: WritebackCore) {}

  @Get('executions/:actionId')
  async execution(@Param('actionId') actionId: string) {
    const doc = await this.core.executions.get(actionId);
    if (!doc) throw new HttpException({ error: `no execution for action ${actionId}` }, 404);
    return {
      actionId: doc.actionId,
      decisionId: doc.decisionId,
      state: doc.state,
      idempotencyKey: doc.idempotencyKey,
      response: doc.response,
      error: doc.error,
      published: doc.published,
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
    };
  }

  @Post('dry-run/:actionId')
  @HttpCode(200)
  async dryRun(@Param('actionId') actionId: string): Promise<{ ok: true; request: PlannedRequest }> {
    const stored = await this.core.actions.get(actionId);
    if (!stored) throw new HttpException({ error: `action ${actionId} has not reached the write-back adapter` }, 404);
    try {
      const result = await this.core.mes.execute(callOf(stored.action), idempotencyKeyOf(actionId), { dryRun: true });
      if (!result.dryRun) throw new Error('dry run answered with a real call');
      return { ok: true, request: result.request };
    } catch (err) {
      if (err instanceof MesValidationError) throw new HttpException({ ok: false, error: err.message }, 422);
      throw err;
    }
  }
}
