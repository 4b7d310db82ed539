import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { USE_CASES } from '../use-cases/use-case';

export const evalScenarioSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  useCase: z.enum(USE_CASES),
  title: z.string().min(1),
  site: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  sources: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      title: z.string().optional(),
      text: z.string(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  expected: z.object({
    /** Fields of the use case's `classification()` and their expected values. */
    classification: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    /** Source ids the output must cite. */
    requiredCitations: z.array(z.string()).default([]),
    /** Case-insensitive substrings the output must contain. */
    mustMention: z.array(z.string()).default([]),
    /** Case-insensitive substrings the output must never contain. */
    forbidden: z.array(z.string()).default([]),
  }),
  /** Set on scenarios harvested from approvers' verdicts (`andon eval harvest`, eval/harvest.ts). */
  origin: z.looseObject({ kind: z.literal('field') }).optional(),
});
export type EvalScenario = z.infer<typeof evalScenarioSchema>;

/** Reads every `*.json` file in `dir` (each an array of scenarios); ids must be unique. */
export function loadScenarios(dir: string): EvalScenario[] {
  const scenarios: EvalScenario[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const parsed = z.array(evalScenarioSchema).safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success)
      throw new Error(
        `${file}: ${parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    scenarios.push(...parsed.data);
  }
  const ids = new Set<string>();
  for (const s of scenarios) {
    if (ids.has(s.id)) throw new Error(`duplicate scenario id ${s.id}`);
    ids.add(s.id);
  }
  return scenarios;
}
