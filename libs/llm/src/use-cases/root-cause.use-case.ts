import { z } from 'zod';
import type { LabelledSource } from '../governance/governance.types';
import { keywords, overlap } from './keywords';
import { cite, INPUT_LABEL, type UseCaseDefinition } from './use-case';

export const ROOT_CAUSE_SYSTEMS = ['mes', 'erp', 'historian', 'qms', 'cmms', 'supplier'] as const;

export const rootCauseInput = z.object({
  problemId: z.string().min(1),
  problem: z.string().min(1),
  line: z.string().optional(),
  observedAt: z.string().optional(),
});
export type RootCauseInput = z.infer<typeof rootCauseInput>;

export const rootCauseOutput = z.object({
  likelyDrivers: z.array(
    z.object({
      driver: z.string().min(1),
      system: z.string(),
      confidence: z.enum(['high', 'medium', 'low']),
      evidence: z.string().min(1),
    }),
  ),
  summary: z.string().min(1),
  dataGaps: z.array(z.string().min(1)),
});
export type RootCauseOutput = z.infer<typeof rootCauseOutput>;

/** Source kinds are `<system>-<record>` (e.g. `historian-trend`, `qms-inspection`). */
export function systemOf(source: LabelledSource): string {
  const prefix = source.kind.split(/[-:.]/)[0] ?? source.kind;
  return (ROOT_CAUSE_SYSTEMS as readonly string[]).includes(prefix) ? prefix : 'other';
}

export const rootCause: UseCaseDefinition<RootCauseInput, RootCauseOutput> = {
  name: 'root-cause',
  task: 'reason',
  outputSchemaName: 'root-cause.v1',
  inputSchema: rootCauseInput,
  outputSchema: rootCauseOutput,
  claimTexts: (o) => [o.summary, ...o.likelyDrivers.map((d) => d.evidence), ...o.dataGaps],
  classification: (o) => ({
    topDriverSystem: o.likelyDrivers[0]?.system ?? 'none',
    driverCount: o.likelyDrivers.length,
  }),
  deterministic: {
    generate(input, sources) {
      // Bare numbers (date fragments, counts) make spurious overlaps; correlation is on words.
      const words = (text: string) => new Set([...keywords(text)].filter((w) => /\p{L}/u.test(w)));
      const problemWords = words(`${input.problem} ${input.line ?? ''}`);
      const scored = sources
        .filter((s) => s.label !== INPUT_LABEL)
        .map((s) => ({ source: s, score: overlap(problemWords, words(`${s.title ?? ''} ${s.text}`)) }))
        .filter((x) => x.score >= 2)
        .sort(
          (a, b) => b.score - a.score || Number(a.source.label.slice(1)) - Number(b.source.label.slice(1)),
        );
      const likelyDrivers = scored.slice(0, 4).map(({ source, score }) => ({
        driver: source.title ?? source.id,
        system: systemOf(source),
        confidence: (score >= 4 ? 'high' : score >= 3 ? 'medium' : 'low') as 'high' | 'medium' | 'low',
        evidence: `${source.title ?? source.kind} shares the problem's terms and is a candidate driver of ${input.problemId} ${cite(source.label, INPUT_LABEL)}.`,
      }));
      const present = new Set(sources.filter((s) => s.label !== INPUT_LABEL).map(systemOf));
      const dataGaps = ROOT_CAUSE_SYSTEMS.filter((s) => !present.has(s)).map(
        (s) => `No ${s.toUpperCase()} records were retrieved for ${input.problemId} ${cite(INPUT_LABEL)}.`,
      );
      const summary = likelyDrivers.length
        ? `Correlation by shared terms ranks ${likelyDrivers.map((d) => d.driver).join('; ')} as candidate drivers of ${input.problemId} ${cite(...scored.slice(0, 4).map((x) => x.source.label), INPUT_LABEL)}. Engineering confirms causality.`
        : `No retrieved record correlates with ${input.problemId}; the analysis needs more data ${cite(INPUT_LABEL)}.`;
      return { likelyDrivers, summary, dataGaps };
    },
  },
};
