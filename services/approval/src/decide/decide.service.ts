import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { type Ineligibility, type PolicyEvaluation, type RuleRequirements } from '@andon/governance/policy';
import { type Principal, type Role, type UserDirectory } from '@andon/governance/auth';
import type { ActionRecord, ChosenMeaning, StoredDecision, StoredSignature } from '../domain/action-record';
import { APPROVAL_USERS } from '../approval.tokens';
import { ActionRepository, inScope } from '../domain/action.repository';
import { ActionSettler } from '../domain/action-settler';
import { ApprovalMetrics } from '../domain/approval-metrics';
import { AuthService } from '../auth/auth.service';
import { ApprovalError } from '../domain/approval-error';
import { policyActionOfRecord } from '../domain/policy-runtime';
import { formatNeeds } from '../get/action-view';
import { printedName, proveSigner, type SignerProof } from '../domain/signer-proof';

export interface DecideInput {
  approve: boolean;
  meaning: ChosenMeaning;
  reason: string;
  /** re-entered at signing; verified against the user directory and discarded */
  password: string;
  /**
   * The identity provider's `auth_time` (seconds) of the token the request came with: a
   * step-up sign-in at the IdP stands in for the password when no password is given.
   */
  idpAuthTime?: number;
  /** the caller's address, for the attempt limiter */
  address?: string;
  /** the hash the signer was shown; refused when the stored action differs */
  actionHash?: string;
  /** the role to sign under; by default the one the policy still needs */
  role?: Role;
}

export interface DecideResult {
  record: ActionRecord;
  requirements: string[];
  decision: StoredDecision | null;
}

const MAX_RACES = 20;

const FORBIDDEN: ReadonlySet<Ineligibility['code']> = new Set([
  'PROPOSER_CANNOT_SIGN',
  'ALREADY_SIGNED',
  'ROLE_NOT_PERMITTED',
  'ROLE_NOT_HELD',
  'SITE_OUT_OF_SCOPE',
  'LINE_OUT_OF_SCOPE',
]);

/**
 * One person's e-signature on one action. Each attempt re-reads the action, re-checks
 * separation of duties and policy, and writes signature + new state in one conditional
 * update; losing the update to another signer, the expiry sweep or a duplicate request
 * means reading again, so exactly one outcome stands and a person signs at most once.
 */
@Injectable()
export class DecideService {
  constructor(
    @Inject(ActionRepository) private readonly actions: ActionRepository,
    @Inject(ActionSettler) private readonly settler: ActionSettler,
    @Inject(APPROVAL_USERS) private readonly users: UserDirectory,
    @Inject(ApprovalMetrics) private readonly metrics: ApprovalMetrics,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async decide(principal: Principal, actionId: string, input: DecideInput): Promise<DecideResult> {
    try {
      const result = await this.attempt(principal, actionId, input);
      this.metrics.signatureResult(result.record.state === 'pending' ? 'recorded' : result.record.state);
      return result;
    } catch (err) {
      if (err instanceof ApprovalError) this.metrics.signatureResult(err.code.toLowerCase());
      throw err;
    }
  }

  private async attempt(principal: Principal, actionId: string, input: DecideInput): Promise<DecideResult> {
    if (input.reason.trim() === '')
      throw new ApprovalError(400, 'REASON_MISSING', 'a reason is required with every signature');
    let record = await this.actions.get(actionId);
    if (!record) throw new ApprovalError(404, 'NOT_FOUND', `action ${actionId} does not exist`);
    if (!inScope(principal, record.site)) {
      throw new ApprovalError(
        403,
        'SITE_OUT_OF_SCOPE',
        `${principal.userId} is not scoped to the site of action ${actionId}`,
      );
    }
    if (input.actionHash !== undefined && input.actionHash !== record.actionHash) {
      throw new ApprovalError(
        409,
        'HASH_MISMATCH',
        `action ${actionId} hashes to ${record.actionHash}, not the ${input.actionHash} you reviewed; reload it`,
      );
    }
    let proof: SignerProof | null = null;
    for (let race = 0; race < MAX_RACES; race++) {
      record = await this.settler.settleCurrent(record);
      if (record.state !== 'pending') throw closed(record);
      const action = policyActionOfRecord(record);
      const check = this.settler.policy.checkSigner(action, principal, record.signatures, this.clock.now());
      if (!check.allowed) throw refusal(check.reasons);
      // Verified once per request, before the first write; a lost race re-uses the proof.
      proof ??= await this.reauthenticate(principal, input);
      // Read after re-authentication, so the signature never predates it.
      const now = this.clock.now();
      const requirements = this.settler.policy.evaluate(action, record.signatures, now).requirements;
      const role = signingRole(principal, requirements, record.signatures, input.role);

      const unsealed: StoredSignature = {
        userId: principal.userId,
        name: await this.printedName(principal),
        role,
        roles: [...principal.roles],
        sites: [...principal.sites],
        ...(principal.lines ? { lines: [...principal.lines] } : {}),
        approved: input.approve,
        meaning: input.meaning,
        reason: input.reason.trim(),
        signedAt: now.toISOString(),
        reauthenticatedAt: proof.authenticatedAt,
        reauthMethod: proof.method,
      };
      const signature: StoredSignature = {
        ...unsealed,
        seal: this.settler.integrity.sealer.sealSignature(record._id, record.actionHash, unsealed),
      };
      const signatures = [...record.signatures, signature];
      const evaluation = this.settler.policy.evaluate(action, signatures, now);
      const own = evaluation.ignored.find(
        (i) => i.approval.userId === principal.userId && i.approval.signedAt === signature.signedAt,
      );
      if (own) {
        // The deadline may have passed between the check and the signature: settle it rather than leave it to the sweep.
        if (evaluation.state !== 'pending') throw closed(await this.settler.settleCurrent(record));
        throw refusal(own.reasons);
      }

      const current = record;
      const patch = this.settler.patchFor(
        current,
        evaluation,
        signatures,
        () => this.settler.policy.shadow(action, signatures, now),
        now,
      );
      const updated = await this.actions.updatePending(current, patch);
      if (updated) return this.finish(updated, evaluation);
      const reread = await this.actions.get(actionId);
      if (!reread) throw new Error(`action ${actionId} disappeared while signing`);
      record = reread;
    }
    throw new ApprovalError(409, 'CONTENDED', `action ${actionId} is changing too quickly; try again`);
  }

  private async finish(record: ActionRecord, evaluation: PolicyEvaluation): Promise<DecideResult> {
    if (record.state === 'pending') await this.settler.refreshPending();
    else await this.settler.afterDecided(record);
    return { record, requirements: formatNeeds(evaluation.needed), decision: record.decision ?? null };
  }

  private reauthenticate(principal: Principal, input: DecideInput): Promise<SignerProof> {
    return proveSigner(principal, input, { auth: this.auth, users: this.users, clock: this.clock });
  }

  private printedName(principal: Principal): Promise<string> {
    return printedName(principal, this.users);
  }
}

/**
 * The role a signature is made under: the one asked for, else one the policy still
 * needs covered, else the first the policy accepts.
 */
export function signingRole(
  principal: Pick<Principal, 'userId' | 'roles'>,
  req: RuleRequirements | null,
  signed: readonly StoredSignature[],
  requested: Role | undefined,
): Role {
  const accepted = principal.roles.filter((r) => req?.roles.includes(r) ?? false);
  if (requested !== undefined) {
    if (!accepted.includes(requested)) {
      throw new ApprovalError(
        403,
        'ROLE_NOT_PERMITTED',
        `${principal.userId} cannot sign as ${requested} on this action`,
      );
    }
    return requested;
  }
  const uncovered = (req?.coverRoles ?? []).filter((r) => !signed.some((s) => s.approved && s.role === r));
  const role = accepted.find((r) => uncovered.includes(r)) ?? accepted[0];
  if (!role)
    throw new ApprovalError(
      403,
      'ROLE_NOT_PERMITTED',
      `${principal.userId} holds no role this action accepts`,
    );
  return role;
}

function closed(record: ActionRecord): ApprovalError {
  const when = record.decision ? ` at ${record.decision.decidedAt}` : '';
  return new ApprovalError(
    409,
    'ALREADY_DECIDED',
    `action ${record._id} is already ${record.state}${when}; no more signatures are accepted`,
  );
}

function refusal(reasons: readonly Ineligibility[]): ApprovalError {
  const message = reasons.map((r) => r.message).join('; ');
  const forbidden = reasons.find((r) => FORBIDDEN.has(r.code));
  if (forbidden) return new ApprovalError(403, forbidden.code, message);
  const first = reasons[0]?.code ?? 'NOT_ALLOWED';
  switch (first) {
    case 'REASON_MISSING':
      return new ApprovalError(400, first, message);
    case 'REAUTH_MISSING':
    case 'REAUTH_STALE':
      return new ApprovalError(401, first, message);
    default:
      // expired, already final, no signature needed, no rule: the action, not the person, is the problem
      return new ApprovalError(409, first, message);
  }
}
