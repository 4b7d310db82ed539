import { Body, Controller, Get, HttpCode, Ip, Inject, Param, Post, Query } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import { CurrentCaller, ZodValidationPipe, type Caller } from '@andon/service-kit';
import { DecideService } from '../decide/decide.service';
import {
  decisionJson,
  type ActionDetailJson,
  type ActionSummaryJson,
  type DecisionJson,
} from '../get/action-view';
import { GetActionService } from '../get/get-action.service';
import { ListActionsService } from '../list/list-actions.service';
import {
  BAD_FILTER,
  BAD_REQUEST,
  decisionSchema,
  listQuerySchema,
  type DecisionBody,
  type ListQuery,
} from './request-schemas';

export interface DecisionResponseJson {
  state: string;
  requirements: string[];
  decision?: DecisionJson;
  action: ActionDetailJson;
}

@Controller('api/actions')
export class ActionsController {
  constructor(
    @Inject(ListActionsService) private readonly listing: ListActionsService,
    @Inject(GetActionService) private readonly reading: GetActionService,
    @Inject(DecideService) private readonly deciding: DecideService,
  ) {}

  @Get()
  async list(
    @CurrentCaller() caller: Caller,
    @Query(new ZodValidationPipe(listQuerySchema, BAD_FILTER)) query: ListQuery,
  ): Promise<{ actions: ActionSummaryJson[] }> {
    return { actions: await this.listing.list(principalOf(caller), query) };
  }

  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<ActionDetailJson> {
    return this.reading.get(principalOf(caller), id);
  }

  @Post(':id/decisions')
  @HttpCode(200)
  async decide(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(decisionSchema, BAD_REQUEST)) input: DecisionBody,
    @Ip() address: string,
  ): Promise<DecisionResponseJson> {
    const principal = principalOf(caller);
    const result = await this.deciding.decide(principal, id, {
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
      action: this.reading.view(principal, result.record),
    };
  }
}

function principalOf(caller: Caller): Principal {
  if (!caller.principal) throw new Error('approval routes authenticate people');
  return caller.principal;
}
