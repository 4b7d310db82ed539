import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Principal } from '@andon/governance';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE } from '../approval.tokens';
import { CurrentPrincipal, JwtAuthGuard } from '../auth/jwt-auth.guard';
import {
  decisionJson,
  type ActionDetailJson,
  type ActionSummaryJson,
  type DecisionJson,
} from '../get/action-view';
import { ApprovalExceptionFilter } from './approval-exception.filter';
import { decisionSchema, parseBody } from './request-schemas';

export interface DecisionResponseJson {
  state: string;
  requirements: string[];
  decision?: DecisionJson;
  action: ActionDetailJson;
}

@Controller('api/actions')
@UseGuards(JwtAuthGuard)
@UseFilters(ApprovalExceptionFilter)
export class ActionsController {
  constructor(@Inject(APPROVAL_CORE) private readonly core: ApprovalCore) {}

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query('state') state?: string,
    @Query('site') site?: string,
    @Query('line') line?: string,
    @Query('risk') risk?: string,
    @Query('limit') limit?: string,
  ): Promise<{ actions: ActionSummaryJson[] }> {
    return { actions: await this.core.list.list(principal, { state, site, line, risk, limit }) };
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ActionDetailJson> {
    return this.core.get.get(principal, id);
  }

  @Post(':id/decisions')
  @HttpCode(200)
  async decide(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<DecisionResponseJson> {
    const input = parseBody(decisionSchema, body);
    const result = await this.core.decide.decide(principal, id, {
      approve: input.decision === 'approve',
      meaning: input.meaning,
      reason: input.reason,
      password: input.password,
      ...(input.actionHash ? { actionHash: input.actionHash } : {}),
      ...(input.role ? { role: input.role } : {}),
    });
    return {
      state: result.record.state,
      requirements: result.requirements,
      ...(result.decision ? { decision: decisionJson(result.decision) } : {}),
      action: this.core.get.view(principal, result.record),
    };
  }
}
