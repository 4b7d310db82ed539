import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { RISK_CLASSES, type RiskClass } from '@andon/governance/policy';
import { type Principal } from '@andon/governance/auth';
import { ACTION_STATES, type ActionRecord, type ActionStateName } from '../domain/action-record';
import { ActionRepository, inScope, type ActionQuery } from '../domain/action.repository';
import { ApprovalError } from '../domain/approval-error';
import { PolicyRuntime, policyActionOfRecord } from '../domain/policy-runtime';
import { summaryJson, type ActionSummaryJson } from '../get/action-view';

/** Query-string filters as the REST API receives them. */
export interface ListFilters {
  state?: string | undefined;
  site?: string | undefined;
  line?: string | undefined;
  risk?: string | undefined;
  limit?: string | undefined;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Actions in the caller's sites, newest first. Naming a site outside them is refused, not silently empty. */
@Injectable()
export class ListActionsService {
  constructor(
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(PolicyRuntime) private readonly policy: PolicyRuntime,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {}

  async records(principal: Principal, query: ActionQuery): Promise<ActionRecord[]> {
    if (query.site !== undefined && !inScope(principal, query.site)) {
      throw new ApprovalError(
        403,
        'SITE_OUT_OF_SCOPE',
        `${principal.userId} is not scoped to site ${query.site}`,
      );
    }
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_LIMIT) {
      throw new ApprovalError(400, 'BAD_FILTER', `limit must be an integer from 1 to ${MAX_LIMIT}`);
    }
    return this.actions.list(principal, query);
  }

  evaluation(record: ActionRecord) {
    return this.policy.evaluate(policyActionOfRecord(record), record.signatures, this.clock.now());
  }

  async list(principal: Principal, filters: ListFilters): Promise<ActionSummaryJson[]> {
    const records = await this.records(principal, parseFilters(filters));
    return records.map((r) => summaryJson(r, this.evaluation(r)));
  }
}

/** Validated so that a typo is a 400 that says so, not an empty list. */
export function parseFilters(filters: ListFilters): ActionQuery {
  const chosen = parseEnum<ActionStateName | 'executed'>('state', filters.state, [
    ...ACTION_STATES,
    'executed',
  ]);
  // "executed" is not a decision state but what the console's queue offers: approved and carried out in the MES.
  const executed = chosen === 'executed';
  const state = chosen === 'executed' ? undefined : chosen;
  const riskClass = parseEnum<RiskClass>('risk', filters.risk, RISK_CLASSES);
  const site = blankToUndefined(filters.site);
  const line = blankToUndefined(filters.line);
  return {
    ...(state ? { state } : {}),
    ...(executed ? { execution: 'executed' as const } : {}),
    ...(riskClass ? { riskClass } : {}),
    ...(site ? { site } : {}),
    ...(line ? { line } : {}),
    limit: parseLimit(filters.limit),
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parseEnum<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  const v = blankToUndefined(value);
  if (v === undefined || v === 'all') return undefined;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ApprovalError(400, 'BAD_FILTER', `${name} must be one of ${allowed.join(', ')} (got "${v}")`);
  }
  return v as T;
}

function parseLimit(value: string | undefined): number {
  const v = blankToUndefined(value);
  if (v === undefined) return DEFAULT_LIMIT;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw new ApprovalError(400, 'BAD_FILTER', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  return n;
}
