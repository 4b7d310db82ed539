import { Body, Controller, Get, HttpCode, Ip, Inject, Param, Post, Query } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE } from '../approval.tokens';
import { CurrentCaller, type Caller } from '@andon/service-kit';
import {
  decisionJson,
  type ActionDetailJson,
  type ActionSummaryJson,
  type DecisionJson,
} from '../get/action-view';
import { decisionSchema, parseBody } from './request-schemas';

export interface DecisionResponseJson {
  state: string;
  requirements: string[];
  decision?: DecisionJson;
  action: ActionDetailJson;
}

@Controller('api/actions')
export class ActionsController {
  constructor(@Inject(APPROVAL_CORE) private readonly core: ApprovalCore) {}

  @Get()
  async list(
    @CurrentCaller() caller: Caller,
    @Query('state') state?: string,
    @Query('site') site?: string,
    @Query('line') line?: string,
    @Query('risk') risk?: string,
    @Query('limit') limit?: string,
  ): Promise<{ actions: ActionSummaryJson[] }> {
    return { actions: await this.core.list.list(principalOf(caller), { state, site, line, risk, limit }) };
  }

  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<ActionDetailJson> {
    return this.core.get.get(principalOf(caller), id);
  }

  @Post(':id/decisions')
  @HttpCode(200)
  async decide(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Ip() address: string,
  ): Promise<DecisionResponseJson> {
    const principal = principalOf(caller);
    const input = parseBody(decisionSchema, body);
    const result = await this.core.decide.decide(principal, id, {
      approve: input.decision === 'approve',
      meaning: input.meaning,
      reason: input.reason,
      password: input.password,
      ...(input.actionHash ? { actionHash: input.actionHash } : {}),
      ...(input.role ? { role: input.role } : {}),
      ...(caller.authTime !== undefined ? { idpAuthTime: caller.authTime } : {}),
      address,
    });
    return {
      state: result.record.state,
      requirements: result.requirements,
      ...(result.decision ? { decision: decisionJson(result.decision) } : {}),
      action: this.core.get.view(principal, result.record),
    };
  }
}

function principalOf(caller: Caller): Principal {
  if (!caller.principal) throw new Error('approval routes authenticate people');
  return caller.principal;
}
