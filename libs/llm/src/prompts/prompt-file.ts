import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TASK_KINDS, TIERS } from '../config/llm-config';

export const VERSION_PATTERN = /^v\d+(?:\.\d+){0,2}$/;
export const USE_CASE_PATTERN = /^[a-z][a-z0-9-]*$/;

export const promptFrontMatterSchema = z.object({
  description: z.string().min(1),
  task: z.enum(TASK_KINDS),
  /** `auto` lets the router pick the tier from the task kind. */
  tier: z.enum([...TIERS, 'auto']).default('auto'),
  /** Name of the zod output schema in the use-case registry, e.g. `ncr-triage.v1`. */
  outputSchema: z.string().min(1),
  temperature: z.number().min(0).max(2),
  maxTokens: z.number().int().positive().optional(),
});
export type PromptFrontMatter = z.infer<typeof promptFrontMatterSchema>;

export interface PromptFile {
  /** `<use-case>@<version>` */
  id: string;
  useCase: string;
  version: string;
  frontMatter: PromptFrontMatter;
  /** The instructions, without front-matter. */
  body: string;
  /** sha256 of the whole file as stored, so any edit changes it. */
  sha256: string;
}

export class PromptFormatError extends Error {
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'PromptFormatError';
  }
}

export function sha256(text: string): string {
  // Line endings are normalised so a CRLF checkout does not look like an edit of an activated prompt.
  return createHash('sha256').update(text.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export function parsePromptFile(useCase: string, version: string, raw: string): PromptFile {
  const where = `prompts/${useCase}/${version}.md`;
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(raw);
  if (!match) throw new PromptFormatError(where, 'missing YAML front-matter between --- lines');
  let yaml: unknown;
  try {
    yaml = parseYaml(match[1] ?? '');
  } catch (err) {
    throw new PromptFormatError(where, `front-matter is not YAML: ${(err as Error).message}`);
  }
  const parsed = promptFrontMatterSchema.safeParse(yaml);
  if (!parsed.success) {
    throw new PromptFormatError(
      where,
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  const body = (match[2] ?? '').trim();
  if (body.length === 0) throw new PromptFormatError(where, 'prompt body is empty');
  return {
    id: `${useCase}@${version}`,
    useCase,
    version,
    frontMatter: parsed.data,
    body,
    sha256: sha256(raw),
  };
}

/** Orders v1 < v1.1 < v2 < v10. */
export function compareVersions(a: string, b: string): number {
  const pa = a.slice(1).split('.').map(Number);
  const pb = b.slice(1).split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
