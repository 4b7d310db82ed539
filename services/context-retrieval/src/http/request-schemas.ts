import { z } from 'zod';
import type { RetrievalScope } from '../domain/access-policy';
import { DOC_TYPES } from '../domain/knowledge-chunk';

const time = z
  .union([z.number().int(), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

const scopeFields = {
  site: z.string().min(1).optional(),
  line: z.string().min(1).optional(),
  product: z.string().min(1).optional(),
};

export const askSchema = z
  .object({
    question: z.string().trim().min(3).max(2_000),
    ...scopeFields,
    correlationId: z.string().max(200).optional(),
  })
  .strict();

export const retrieveSchema = z
  .object({
    query: z.string().trim().min(1).max(2_000),
    ...scopeFields,
    docTypes: z.array(z.enum(DOC_TYPES)).optional(),
    revision: z.string().min(1).optional(),
    documentId: z.string().min(1).optional(),
    /** The instant whose effective revisions answer (default now). */
    asOf: time.optional(),
    includeNonEffective: z.boolean().optional(),
    occurredFrom: time.optional(),
    occurredTo: time.optional(),
    /** Shorthand for occurredFrom = now - lastHours. */
    lastHours: z
      .number()
      .positive()
      .max(24 * 366)
      .optional(),
    topK: z.number().int().min(1).max(50).optional(),
  })
  .strict();

export type RetrieveBody = z.infer<typeof retrieveSchema>;
export type AskBody = z.infer<typeof askSchema>;

/** `GET /api/documents/:id?revision=`: absent or empty means the revision in force. */
export const revisionQuery = z
  .string()
  .max(64)
  .optional()
  .transform((v) => v || undefined);

/** The refusal code retrieval documented for a malformed request (rendered by the kit's ZodValidationPipe). */
export const BAD_REQUEST = 'BAD_REQUEST';

export function scopeOf(body: RetrieveBody, now: number): RetrievalScope {
  const occurredFrom =
    body.occurredFrom ?? (body.lastHours !== undefined ? now - body.lastHours * 3_600_000 : undefined);
  return {
    site: body.site,
    line: body.line,
    product: body.product,
    docTypes: body.docTypes,
    revision: body.revision,
    documentId: body.documentId,
    asOf: body.asOf,
    includeNonEffective: body.includeNonEffective,
    occurredFrom,
    occurredTo: body.occurredTo ?? (occurredFrom !== undefined ? now : undefined),
  };
}
