import { z } from 'zod';
import { ROLES } from '@andon/governance/auth';
import { ApprovalError } from '../domain/approval-error';
import type { ChosenMeaning } from '../domain/action-record';

const MEANING: Readonly<Record<string, ChosenMeaning>> = {
  approval: 'APPROVAL',
  review: 'REVIEW',
  responsibility: 'RESPONSIBILITY',
};

export const loginSchema = z.object({
  userId: z.string().min(1, { error: 'userId is required' }),
  password: z.string().min(1, { error: 'password is required' }),
});

export const decisionSchema = z.object({
  decision: z.enum(['approve', 'reject'], { error: 'decision must be "approve" or "reject"' }),
  meaning: z
    .string({ error: 'meaning is required (approval, review or responsibility)' })
    .transform((m) => MEANING[m.trim().toLowerCase()])
    .refine((m): m is ChosenMeaning => m !== undefined, {
      error: 'meaning must be approval, review or responsibility',
    }),
  reason: z.string({ error: 'reason is required' }).trim().min(1, { error: 'reason is required' }).max(2000),
  password: z.string({ error: 'password is required: re-enter it to sign' }),
  actionHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'actionHash must be 64 lower-case hex characters' })
    .optional(),
  role: z.enum(ROLES).optional(),
});

/** Parses a request body; the first problems become one 400 message naming the fields. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  throw new ApprovalError(400, 'BAD_REQUEST', message);
}
