import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { hasSite, STAFF_ROLES, type Principal, type Role } from '@andon/governance/auth';
import { z } from 'zod';
import type { ProposedAction } from '@andon/contracts';
import { CurrentPrincipal, ServiceError, ZodValidationPipe } from '@andon/service-kit';
import { callOf, idempotencyKeyOf } from '../execute/decision-executor';
import { ExecutionRepository } from '../execute/execution.repository';
import { ActionRepository } from '../intake/action.repository';
import { MesValidationError, type MesPort, type PlannedRequest } from '../mes/mes.port';
import { MES_PORT } from '../writeback.tokens';

/** An action id: one token of printable characters, no longer than any producer mints. */
const actionIdParam = new ZodValidationPipe(
  z
    .string()
    .min(1)
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'an action id is printable ASCII without spaces'),
);

/** People who operate the write-back path (what reached the MES, what a call would send). */
const OPERATOR_ROLES: readonly Role[] = STAFF_ROLES;

/**
 * Operations view: what happened to an action's execution, and a dry run of the call an
 * action would make. Nothing here executes. A caller sees only actions of their sites;
 * an action outside them is answered like one that does not exist.
 */
@Controller('api/writeback')
export class WritebackController {
  constructor(
    private readonly executions: ExecutionRepository,
    private readonly actions: ActionRepository,
    @Inject(MES_PORT) private readonly mes: MesPort,
  ) {}

  @Get('executions/:actionId')
  async execution(
    @CurrentPrincipal() principal: Principal,
    @Param('actionId', actionIdParam) actionId: string,
  ) {
    await this.actionInScope(principal, actionId);
    const doc = await this.executions.get(actionId);
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
    @Param('actionId', actionIdParam) actionId: string,
  ): Promise<{ ok: true; request: PlannedRequest }> {
    const stored = await this.actionInScope(principal, actionId);
    try {
      const result = await this.mes.execute(callOf(stored.action), idempotencyKeyOf(actionId), {
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
    const stored = await this.actions.get(actionId);
    if (!stored || !hasSite(principal, stored.doc.site))
      throw new ServiceError(404, 'NOT_FOUND', `action ${actionId} has not reached the write-back adapter`);
    return stored;
  }
}
