import { z } from 'zod';
import { ROLES } from '@andon/governance/auth';
import type { ChosenMeaning } from '../domain/action-record';

// The shapes approval's HTTP routes accept, checked at the edge by the kit's
// ZodValidationPipe: anything else is a 400 with the one error body `{ code, message }`.

/** The code a malformed body is refused with (what the API documented before the pipe). */
export const BAD_REQUEST = 'BAD_REQUEST';
/** The code a malformed query is refused with (the list filters' code). */
export const BAD_FILTER = 'BAD_FILTER';

const MEANING: Readonly<Record<string, ChosenMeaning>> = {
  approval: 'APPROVAL',
  review: 'REVIEW',
  responsibility: 'RESPONSIBILITY',
};

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;

/** A request without a body is read as an empty one, so the refusal names the missing fields. */
function body<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => value ?? {}, schema);
}

const reason = z
  .string({ error: 'reason is required' })
  .trim()
  .min(1, { error: 'reason is required' })
  .max(2000);
const password = z.string({ error: 'password is required: re-enter it to sign' });
const sha256Hex = (name: string) =>
  z.string({ error: `${name} is required` }).regex(/^[0-9a-f]{64}$/, {
    error: `${name} must be 64 lower-case hex characters`,
  });

export const loginSchema = body(
  z.object({
    userId: z.string({ error: 'userId is required' }).min(1, { error: 'userId is required' }),
    password: z.string({ error: 'password is required' }).min(1, { error: 'password is required' }),
  }),
);
export type LoginBody = z.infer<typeof loginSchema>;

export const decisionSchema = body(
  z.object({
    decision: z.enum(['approve', 'reject'], { error: 'decision must be "approve" or "reject"' }),
    meaning: z
      .string({ error: 'meaning is required (approval, review or responsibility)' })
      .transform((m) => MEANING[m.trim().toLowerCase()])
      .refine((m): m is ChosenMeaning => m !== undefined, {
        error: 'meaning must be approval, review or responsibility',
      }),
    reason,
    password,
    actionHash: sha256Hex('actionHash').optional(),
    role: z.enum(ROLES).optional(),
  }),
);
export type DecisionBody = z.infer<typeof decisionSchema>;

export const acknowledgementSchema = body(
  z.object({
    site: z.string({ error: 'site is required' }).regex(CODE, { error: 'site must be a site code' }),
    line: z.string({ error: 'line is required' }).regex(CODE, { error: 'line must be a line code' }),
    shiftId: z.string({ error: 'shiftId is required' }).regex(CODE, { error: 'shiftId must be a shift id' }),
    contentHash: sha256Hex('contentHash'),
    // An acknowledgement means one thing: the signer reviewed what changed. Stated, not implied.
    meaning: z.literal('review', {
      error: 'meaning must be "review": an acknowledgement records that you reviewed the shift change',
    }),
    reason,
    password,
  }),
);
export type AcknowledgementBody = z.infer<typeof acknowledgementSchema>;

/** A query parameter given once; `?state=a&state=b` is refused rather than half-read. */
const single = (name: string) => z.string({ error: `${name} must be given once, as text` }).optional();

/** GET /api/actions: the values themselves are checked by parseFilters (a typo is a 400 that says so). */
export const listQuerySchema = z.object({
  state: single('state'),
  site: single('site'),
  line: single('line'),
  risk: single('risk'),
  limit: single('limit'),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** GET /api/policy/shadow-report: `all=true` includes agreeing cases; limit 1..1000 (200 by default). */
export const shadowReportQuerySchema = z.object({
  all: z.enum(['true', 'false'], { error: 'all must be true or false' }).optional(),
  limit: z
    .string({ error: 'limit must be given once' })
    .optional()
    .transform((v) => (v === undefined || v === '' ? 200 : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 1 && n <= 1000, {
      error: 'limit must be an integer from 1 to 1000',
    }),
});
export type ShadowReportQuery = z.infer<typeof shadowReportQuerySchema>;
