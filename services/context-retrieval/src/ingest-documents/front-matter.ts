import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CLASSIFICATIONS, DOC_STATUSES, DOCUMENT_TYPES, type DocType } from '../domain/knowledge-chunk';

type DocumentType = Exclude<DocType, 'plant_event'>;

const date = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a date: ${String(v)}` });
    return z.NEVER;
  }
  return new Date(ms);
});

/** Metadata every knowledge file declares (YAML front-matter, or a `.meta.yaml` sidecar for PDFs). */
export const documentMetadataSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'document ids are letters, digits, . _ -'),
    title: z.string().min(1),
    type: z.enum(DOCUMENT_TYPES as [DocumentType, ...DocumentType[]]),
    revision: z.union([z.string(), z.number()]).transform(String),
    status: z.enum(DOC_STATUSES),
    effective_from: date,
    effective_to: date.optional(),
    site: z.string().default(''),
    line: z.string().default(''),
    product: z.string().default(''),
    // Absent means restricted: a file nobody classified is not shown to everyone.
    classification: z.enum(CLASSIFICATIONS).default('restricted'),
    owner: z.string().min(1),
    source_record_id: z.string().optional(),
  })
  .strict();
export type DocumentMetadata = z.infer<typeof documentMetadataSchema>;

export class MetadataError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
    this.name = 'MetadataError';
  }
}

/** Splits a leading `---` YAML block from the body; null when the file has none. */
export function splitFrontMatter(text: string): { yaml: string; body: string } | null {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return null;
  return { yaml: match[1] ?? '', body: text.slice(match[0].length) };
}

export function parseMetadata(yaml: string, source: string): DocumentMetadata {
  let raw: unknown;
  try {
    raw = parseYaml(yaml);
  } catch (err) {
    throw new MetadataError(source, `front-matter is not YAML: ${(err as Error).message}`);
  }
  const parsed = documentMetadataSchema.safeParse(raw);
  if (!parsed.success)
    throw new MetadataError(
      source,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
  return parsed.data;
}
