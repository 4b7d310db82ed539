import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { hasSite, type Principal, type Role } from '@andon/governance/auth';
import { CurrentPrincipal, ServiceError } from '@andon/service-kit';
import { callOf, idempotencyKeyOf } from '../execute/decision-executor';
import { MesValidationError, type PlannedRequest } from '../mes/mes.port';
import type { ProposedAction } from '@andon/contracts';
import type { WritebackCore } from '../writeback-core';
import { WRITEBACK_CORE } from '../writeback.tokens';

/** People who operate the write-back path (what reached the MES, what a call would send). */
const OPERATOR_ROLES: readonly Role[] = [
  'production_supervisor',
  'quality_engineer',
  'maintenance_planner',
  'production_planner',
  'compliance_officer',
  'plant_manager',
  'admin',
];

/**
 * Operations view: what happened to an action's execution, and a dry run of the call an
 * action would make. Nothing here executes. A caller sees only actions of their sites;
 * an action outside them is answered like one that does not exist.
 */
@Controller('api/writeback')
export class WritebackController {
  constructor(@Inject(WRITEBACK_CORE) private readonly core: WritebackCore) {}

  @Get('executions/:actionId')
  async execution(@CurrentPrincipal() principal: Principal, @Param('actionId') actionId: string) {
    await this.actionInScope(principal, actionId);
    const doc = await this.core.executions.get(actionId);
    if (!doc) throw new ServiceError(404, 'NOT_FOUND', `no execution for action ${actionId}`);
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
  async dryRun(
    @CurrentPrincipal() principal: Principal,
    @Param('actionId') actionId: string,
  ): Promise<{ ok: true; request: PlannedRequest }> {
    const stored = await this.actionInScope(principal, actionId);
    try {
      const result = await this.core.mes.execute(callOf(stored.action), idempotencyKeyOf(actionId), {
        dryRun: true,
      });
      if (!result.dryRun) throw new Error('dry run answered with a real call');
      return { ok: true, request: result.request };
    } catch (err) {
      if (err instanceof MesValidationError) throw new ServiceError(422, 'MES_VALIDATION', err.message);
      throw err;
    }
  }

  private async actionInScope(principal: Principal, actionId: string): Promise<{ action: ProposedAction }> {
    if (!principal.roles.some((role) => OPERATOR_ROLES.includes(role))) {
      throw new ServiceError(
        403,
        'ROLE_NOT_PERMITTED',
        `the write-back view needs one of ${OPERATOR_ROLES.join(', ')}`,
      );
    }
    const stored = await this.core.actions.get(actionId);
    if (!stored || !hasSite(principal, stored.doc.site))
      throw new ServiceError(404, 'NOT_FOUND', `action ${actionId} has not reached the write-back adapter`);
    return stored;
  }
}
