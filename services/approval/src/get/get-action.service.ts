import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import type { Principal } from '@andon/governance/auth';
import type { ActionRecord } from '../domain/action-record';
import { ActionRepository } from '../domain/action.repository';
import { ApprovalError } from '../domain/approval-error';
import { PolicyRuntime, policyActionOfRecord, ruleSummary } from '../domain/policy-runtime';
import { detailJson, type ActionDetailJson } from './action-view';

/** One action as the caller may see it, with what it still needs and whether the caller can sign. */
@Injectable()
export class GetActionService {
  constructor(
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(PolicyRuntime) private readonly policy: PolicyRuntime,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {}

  /** 404 for actions outside the caller's sites too: their existence is not the caller's business. */
  async record(principal: Principal, actionId: string): Promise<ActionRecord> {
    const record = await this.actions.getInScope(principal, actionId);
    if (!record) throw new ApprovalError(404, 'NOT_FOUND', `action ${actionId} does not exist in your sites`);
    return record;
  }

  async get(principal: Principal, actionId: string): Promise<ActionDetailJson> {
    return this.view(principal, await this.record(principal, actionId));
  }

  view(principal: Principal, record: ActionRecord): ActionDetailJson {
    const now = this.clock.now();
    const action = policyActionOfRecord(record);
    const evaluation = this.policy.evaluate(action, record.signatures, now);
    const check = this.policy.checkSigner(action, principal, record.signatures, now);
    const ruleId = record.decision?.policy.id ?? record.policy?.id;
    const rule = ruleId ? this.policy.activeRule(ruleId) : null;
    const version = record.decision?.policy.version ?? record.policy?.version ?? this.policy.activeVersion;
    const policy = ruleId
      ? {
          id: ruleId,
          version,
          summary: rule ? ruleSummary(rule) : '',
          description: rule?.description.trim() ?? '',
        }
      : null;
    return detailJson(record, evaluation, check, policy);
  }
}
