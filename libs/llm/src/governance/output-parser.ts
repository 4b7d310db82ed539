import type { z } from 'zod';
import type { CheckResult } from './governance.types';

export type ParseOutcome<T> = { ok: true; value: T; check: CheckResult } | { ok: false; check: CheckResult };

/** Pulls the JSON object out of a reply that may be fenced or have prose around it. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const candidate = (fenced?.[1] ?? text).trim();
  const start = candidate.indexOf('{');
  const end = candidate.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('no JSON object in the reply');
  return JSON.parse(candidate.slice(start, end + 1));
}

export function parseStructuredOutput<T>(text: string, schema: z.ZodType<T>): ParseOutcome<T> {
  let json: unknown;
  try {
    json = extractJson(text);
  } catch (err) {
    return {
      ok: false,
      check: { name: 'schema', passed: false, details: [`invalid JSON: ${(err as Error).message}`] },
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      check: {
        name: 'schema',
        passed: false,
        details: parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      },
    };
  }
  return { ok: true, value: parsed.data, check: { name: 'schema', passed: true, details: [] } };
}
