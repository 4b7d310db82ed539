import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadRedactionDictionary, normaliseSiteId } from '../redaction/redaction-dictionary';
import { RedactionMap, Redactor } from '../redaction/redactor';
import type { LlmCallCapture } from '../replay/call-capture';
import { evalScenarioSchema, loadScenarios, type EvalScenario } from './eval-scenario';

/** An approver's verdict on a proposal, as approval's REST API returns its signatures. */
export interface Verdict {
  actionId: string;
  title: string;
  state: string;
  signatures: Array<{
    userId: string;
    role: string;
    decision: 'approve' | 'reject';
    reason: string;
    signedAt: string;
  }>;
}

/** Where a harvested scenario came from: the decision and the approvers' reasons. */
export const fieldOriginSchema = z.object({
  kind: z.literal('field'),
  subjectId: z.string(),
  callId: z.string(),
  verdict: z.enum(['rejected']),
  reasons: z.array(z.object({ by: z.string(), role: z.string(), reason: z.string(), at: z.string() })),
  /** What the output said then, for the reviewer to set `expected` against. */
  recorded: z.object({
    classification: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    citedSourceIds: z.array(z.string()),
    model: z.string(),
    promptVersion: z.string(),
  }),
  harvestedAt: z.string(),
  /** Set to true by the reviewer once `expected` says what the right output is. */
  reviewed: z.boolean(),
});
export type FieldOrigin = z.infer<typeof fieldOriginSchema>;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/**
 * One evaluation scenario from a rejected proposal's LLM call: the captured request and
 * sources (redacted with the site's dictionary, so a golden set never carries names or
 * badges), an empty `expected` for the reviewer to fill from the approver's reason, and
 * the origin. Written for review, never straight into the golden set.
 */
export function scenarioFromVerdict(
  verdict: Verdict,
  capture: LlmCallCapture,
  redactionDir: string,
  now = new Date(),
): EvalScenario & { origin: FieldOrigin } {
  const redactor = new Redactor(loadRedactionDictionary(redactionDir, normaliseSiteId(capture.site)));
  const map = new RedactionMap();
  const rejections = verdict.signatures.filter((s) => s.decision === 'reject');
  const scenario = {
    id: `field-${slug(verdict.actionId)}-${capture.callId.slice(0, 8)}`,
    useCase: capture.useCase,
    title: `Rejected in the field: ${verdict.title}`,
    site: capture.site,
    input: redactor.redactDeep(capture.input, map) as Record<string, unknown>,
    sources: capture.sources.map((s) =>
      redactor.redactDeep(
        {
          id: s.id,
          kind: s.kind,
          ...(s.title ? { title: s.title } : {}),
          text: s.text,
          ...(s.data ? { data: s.data } : {}),
        },
        map,
      ),
    ),
    expected: { classification: {}, requiredCitations: [], mustMention: [], forbidden: [] },
    origin: {
      kind: 'field' as const,
      subjectId: verdict.actionId,
      callId: capture.callId,
      verdict: 'rejected' as const,
      reasons: rejections.map((s) => ({ by: s.userId, role: s.role, reason: s.reason, at: s.signedAt })),
      recorded: {
        classification: capture.classification,
        citedSourceIds: capture.citedSourceIds,
        model: capture.model,
        promptVersion: capture.promptVersion,
      },
      harvestedAt: now.toISOString(),
      reviewed: false,
    },
  };
  evalScenarioSchema.parse(scenario);
  return scenario;
}

/** Writes one file per scenario (`<id>.json`, an array of one, the golden-set format) into `dir`. */
export function writeHarvest(
  dir: string,
  scenarios: ReadonlyArray<EvalScenario & { origin: FieldOrigin }>,
): string[] {
  mkdirSync(dir, { recursive: true });
  return scenarios.map((s) => {
    const file = join(dir, `${s.id}.json`);
    writeFileSync(file, `${JSON.stringify([s], null, 2)}\n`);
    return file;
  });
}

export const FIELD_SCENARIOS_FILE = 'field.json';

/**
 * The documented review step: adds reviewed harvested scenarios to the golden set's
 * `field.json`. Refuses a scenario not marked reviewed, one whose `expected` says nothing
 * (no classification, citation or mention to check), and ids already in the golden set.
 */
export function addReviewed(files: readonly string[], goldenDir: string): { added: string[] } {
  const incoming: EvalScenario[] = [];
  for (const file of files) {
    const parsed = z.array(evalScenarioSchema).parse(JSON.parse(readFileSync(file, 'utf8')));
    for (const s of parsed) {
      const origin = fieldOriginSchema.safeParse(s.origin);
      if (!origin.success)
        throw new Error(`${file}: ${s.id} has no field origin (only harvested scenarios are added this way)`);
      if (!origin.data.reviewed)
        throw new Error(
          `${file}: ${s.id} is not reviewed (set origin.reviewed to true once expected is filled in)`,
        );
      const e = s.expected;
      if (
        Object.keys(e.classification).length +
          e.requiredCitations.length +
          e.mustMention.length +
          e.forbidden.length ===
        0
      )
        throw new Error(`${file}: ${s.id} expects nothing: fill expected from the approver's reason`);
      incoming.push(s);
    }
  }
  const known = new Set(loadScenarios(goldenDir).map((s) => s.id));
  const dup = incoming.find((s) => known.has(s.id));
  if (dup) throw new Error(`${dup.id} is already in the golden set`);
  const target = join(goldenDir, FIELD_SCENARIOS_FILE);
  const current: unknown[] = existsSync(target)
    ? (JSON.parse(readFileSync(target, 'utf8')) as unknown[])
    : [];
  writeFileSync(target, `${JSON.stringify([...current, ...incoming], null, 2)}\n`);
  loadScenarios(goldenDir); // the golden set still loads, ids unique
  return { added: incoming.map((s) => s.id) };
}
