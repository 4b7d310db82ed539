import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';

export const activationEventSchema = z.object({
  action: z.enum(['activate', 'rollback']),
  version: z.string(),
  /** sha256 of the prompt file when it was activated; an in-place edit afterwards is refused. */
  sha256: z.string(),
  at: z.string(),
  by: z.string(),
  reason: z.string().optional(),
  /** Outcome of the evaluation gate, or an explicit override. */
  gate: z
    .object({
      status: z.enum(['passed', 'overridden', 'not-configured']),
      summary: z.string().optional(),
    })
    .optional(),
});
export type ActivationEvent = z.infer<typeof activationEventSchema>;

const useCaseEntrySchema = z.object({
  active: z.string(),
  history: z.array(activationEventSchema).default([]),
});
export type UseCaseActivation = z.infer<typeof useCaseEntrySchema>;

export const activeFileSchema = z.object({
  environments: z.record(z.string(), z.record(z.string(), useCaseEntrySchema)).default({}),
});
export type ActiveFile = z.infer<typeof activeFileSchema>;

const HEADER =
  '# Active prompt version per environment and use case. Written by the prompt CLI\n' +
  '# (andon prompts activate|rollback); `history` is append-only and `active` follows it.\n';

/**
 * The activation stack is the replay of the history: activate pushes, rollback pops.
 * So a rollback returns to the activation before the current one, and a second
 * rollback goes one further back.
 */
export function activationStack(history: readonly ActivationEvent[]): ActivationEvent[] {
  const stack: ActivationEvent[] = [];
  for (const event of history) {
    if (event.action === 'activate') stack.push(event);
    else stack.pop();
  }
  return stack;
}

/** Reads and writes prompts/active.yaml; re-reads only when the file changed on disk. */
export class ActiveFileStore {
  private cache: { mtimeMs: number; size: number; file: ActiveFile } | undefined;

  constructor(
    readonly path: string,
    private readonly header = HEADER,
  ) {}

  read(): ActiveFile {
    if (!existsSync(this.path)) return { environments: {} };
    const stat = statSync(this.path);
    if (this.cache && this.cache.mtimeMs === stat.mtimeMs && this.cache.size === stat.size)
      return this.cache.file;
    const file = activeFileSchema.parse(parseYaml(readFileSync(this.path, 'utf8')) ?? {});
    this.cache = { mtimeMs: stat.mtimeMs, size: stat.size, file };
    return file;
  }

  write(file: ActiveFile): void {
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, this.header + stringifyYaml(file, { lineWidth: 0 }));
    // Rename is atomic, so a gateway reading concurrently sees the old or the new file, never half.
    renameSync(tmp, this.path);
    this.cache = undefined;
  }
}
