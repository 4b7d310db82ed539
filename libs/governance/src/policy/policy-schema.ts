import { z } from 'zod';
import { roleSchema } from '../auth/role';
import { parseIsoDuration } from '../model/iso-duration';
import { riskClassSchema } from '../model/risk-class';
import { signatureMeaningSchema } from '../model/signature-meaning';

const SOD_MESSAGE =
  'separation of duties is always enforced (the proposer never approves, approvers are distinct people) and cannot be configured';

/** A key a policy may not set at all, with a message that says why. */
const forbidden = (message: string) =>
  z
    .unknown()
    .optional()
    .refine((v) => v === undefined, { error: message });

const duration = z.string().refine(
  (v) => {
    try {
      parseIsoDuration(v);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be an ISO-8601 duration in weeks/days/hours/minutes/seconds, e.g. PT8H or P1D' },
);

const codeName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, {
  error: 'must be a site/line/product code without spaces or wildcards',
});

const matchSchema = z.strictObject({
  /** exact type or glob: `*` any run of characters, `?` one character */
  actionType: z.string().regex(/^[a-z0-9_.*?]+$/, {
    error: 'must be an action type or glob like mes.hold_* (lowercase, digits, _ . * ?)',
  }),
  riskClass: riskClassSchema,
  site: codeName.optional(),
  line: codeName.optional(),
  product: codeName.optional(),
});

const meaningsSchema = z.array(
  z.array(signatureMeaningSchema).min(1, { error: 'an alternative must list at least one meaning' }),
);

const requireSchema = z.strictObject({
  /** distinct people who must sign */
  approvers: z.number().int().min(1).max(5),
  /** any-of: every counted signer holds at least one of these */
  roles: z.array(roleSchema).min(1),
  /** each of these roles must be held by a different counted signer */
  coverRoles: z.array(roleSchema).optional(),
  /** alternatives; the counted signatures must include every meaning of one of them */
  signatureMeanings: meaningsSchema.optional(),
  reasonRequired: z.boolean().default(false),
  /** max age of the signer's re-authentication at signing time; absent = not required */
  reauthentication: duration.optional(),
  separationOfDuties: forbidden(SOD_MESSAGE),
});

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be kebab-case (a-z, 0-9, -)' }),
    description: z.string().min(1),
    match: matchSchema,
    autoApprove: z.boolean().default(false),
    /** how long after the proposal approvals are accepted */
    expiry: duration,
    require: requireSchema.optional(),
    separationOfDuties: forbidden(SOD_MESSAGE),
  })
  .superRefine((rule, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (rule.match.line && !rule.match.site)
      issue(['match', 'line'], 'a line is only meaningful together with its site');
    if (rule.autoApprove) {
      if (rule.match.riskClass !== 'informational') {
        issue(
          ['autoApprove'],
          `autoApprove is only allowed for informational actions, not ${rule.match.riskClass}`,
        );
      }
      if (/[*?]/.test(rule.match.actionType)) {
        issue(['match', 'actionType'], 'an autoApprove rule must name one exact action type, not a glob');
      }
      if (rule.require) issue(['require'], 'an autoApprove rule takes no approval requirements');
      return;
    }
    const req = rule.require;
    if (!req) return issue(['require'], 'required unless autoApprove is true');
    for (const [i, role] of (req.coverRoles ?? []).entries()) {
      if (!req.roles.includes(role))
        issue(['require', 'coverRoles', i], `${role} is not among require.roles`);
    }
    if ((req.coverRoles?.length ?? 0) > req.approvers)
      issue(['require', 'coverRoles'], 'more roles to cover than approvers');
    if (new Set(req.coverRoles).size !== (req.coverRoles?.length ?? 0))
      issue(['require', 'coverRoles'], 'lists a role twice');
    for (const [i, alt] of (req.signatureMeanings ?? []).entries()) {
      if (alt.length > req.approvers)
        issue(['require', 'signatureMeanings', i], 'needs more signatures than approvers');
    }
    // Floors from the risk model: a policy can tighten them, never loosen them.
    if (rule.match.riskClass === 'transaction_execution') {
      if (req.approvers < 2)
        issue(['require', 'approvers'], 'transaction_execution needs at least 2 distinct approvers');
      if (!req.reauthentication)
        issue(['require', 'reauthentication'], 'transaction_execution requires re-authentication at signing');
      if (!req.reasonRequired)
        issue(['require', 'reasonRequired'], 'transaction_execution requires a reason with every signature');
    }
  });

export const policyFileSchema = z.strictObject({
  rules: z.array(ruleSchema).min(1),
});

export const activeFileSchema = z.strictObject({
  active: z.string().regex(/^v\d+$/, { error: 'must name a version folder like v1' }),
  shadow: z
    .string()
    .regex(/^v\d+$/, { error: 'must name a version folder like v2' })
    .optional(),
});

export type RuleInput = z.infer<typeof ruleSchema>;
export type ActiveFile = z.infer<typeof activeFileSchema>;
