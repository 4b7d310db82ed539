import { Inject, Injectable } from '@nestjs/common';
import type { Principal, Role } from '@andon/governance/auth';
import { ActionRepository } from '../domain/action.repository';
import { ApprovalError } from '../domain/approval-error';
import { PolicyRuntime } from '../domain/policy-runtime';

export interface ShadowReportJson {
  activeVersion: string;
  shadowVersion: string | null;
  /** actions in the caller's sites that were evaluated under the shadow version */
  total: number;
  differing: number;
  cases: Array<{
    actionId: string;
    actionType: string;
    riskClass: string;
    site: string;
    line: string;
    activeState: string;
    activeRule: string | null;
    shadowState: string;
    shadowRule: string | null;
    differences: string[];
    evaluatedAt: string;
  }>;
}

/** Governance reviewers, not line staff, decide whether a candidate policy version goes live. */
export const SHADOW_REPORT_ROLES: readonly Role[] = ['compliance_officer', 'plant_manager', 'admin'];

/**
 * Where the shadow policy version would have decided or demanded differently from the
 * active one. Each action's comparison is stored when it arrives and again with every
 * signature, so the report reflects the traffic that actually happened.
 */
@Injectable()
export class ShadowReportService {
  constructor(
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(PolicyRuntime) private readonly policy: PolicyRuntime,
  ) {}

  async report(
    principal: Principal,
    options: { onlyDiffering: boolean; limit: number },
  ): Promise<ShadowReportJson> {
    if (!principal.roles.some((r) => SHADOW_REPORT_ROLES.includes(r))) {
      throw new ApprovalError(
        403,
        'ROLE_NOT_PERMITTED',
        `the shadow policy report is for ${SHADOW_REPORT_ROLES.join(', ')}`,
      );
    }
    const version = this.policy.shadowVersion;
    const records = version === null ? [] : await this.actions.withShadow(principal, version, options.limit);
    const cases = records.flatMap((r) =>
      r.shadow
        ? [
            {
              actionId: r._id,
              actionType: r.actionType,
              riskClass: r.riskClass,
              site: r.site,
              line: r.line,
              activeState: r.state,
              activeRule: r.policy?.id ?? null,
              shadowState: r.shadow.state,
              shadowRule: r.shadow.ruleId,
              differences: r.shadow.differences,
              evaluatedAt: r.shadow.evaluatedAt,
            },
          ]
        : [],
    );
    const differing = cases.filter((c) => c.differences.length > 0);
    return {
      activeVersion: this.policy.activeVersion,
      shadowVersion: this.policy.shadowVersion,
      total: cases.length,
      differing: differing.length,
      cases: options.onlyDiffering ? differing : cases,
    };
  }
}
