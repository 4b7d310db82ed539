import { z } from 'zod';
import { cite, INPUT_LABEL, round, type UseCaseDefinition } from './use-case';

const ratio = z.number().min(0).max(1);

export const productionNarrativeInput = z.object({
  line: z.string().min(1),
  periodLabel: z.string().min(1),
  planned: z.number().int().positive(),
  good: z.number().int().nonnegative(),
  scrap: z.number().int().nonnegative(),
  availability: ratio.optional(),
  performance: ratio.optional(),
  quality: ratio.optional(),
  downtimeMinutes: z.number().nonnegative().optional(),
  topLosses: z.array(z.object({ reason: z.string(), minutes: z.number().nonnegative() })).default([]),
  dataQualityIssues: z.array(z.string()).default([]),
});
export type ProductionNarrativeInput = z.infer<typeof productionNarrativeInput>;

export const productionNarrativeOutput = z.object({
  headline: z.string().min(1),
  narrative: z.string().min(1),
  dataQualityNotes: z.array(z.string().min(1)),
  attainmentBand: z.enum(['on-plan', 'slightly-behind', 'behind']),
});
export type ProductionNarrativeOutput = z.infer<typeof productionNarrativeOutput>;

function facts(input: ProductionNarrativeInput) {
  const out: Record<string, number> = {
    attainmentPct: round((input.good / input.planned) * 100, 1),
    scrapRatePct:
      input.good + input.scrap > 0 ? round((input.scrap / (input.good + input.scrap)) * 100, 1) : 0,
  };
  if (input.availability !== undefined && input.performance !== undefined && input.quality !== undefined) {
    out['oeePct'] = round(input.availability * input.performance * input.quality * 100, 1);
    out['availabilityPct'] = round(input.availability * 100, 1);
    out['performancePct'] = round(input.performance * 100, 1);
    out['qualityPct'] = round(input.quality * 100, 1);
  }
  return out;
}

export function attainmentBand(attainmentPct: number): ProductionNarrativeOutput['attainmentBand'] {
  return attainmentPct >= 98 ? 'on-plan' : attainmentPct >= 90 ? 'slightly-behind' : 'behind';
}

export const productionNarrative: UseCaseDefinition<ProductionNarrativeInput, ProductionNarrativeOutput> = {
  name: 'production-narrative',
  task: 'summarise',
  outputSchemaName: 'production-narrative.v1',
  inputSchema: productionNarrativeInput,
  outputSchema: productionNarrativeOutput,
  computedFacts: facts,
  claimTexts: (o) => [o.headline, o.narrative, ...o.dataQualityNotes],
  classification: (o) => ({ attainmentBand: o.attainmentBand }),
  deterministic: {
    generate(input) {
      const s0 = cite(INPUT_LABEL);
      const f = facts(input);
      const band = attainmentBand(f['attainmentPct'] ?? 0);
      const headline = `${input.line} ${input.periodLabel}: ${input.good} good parts against a plan of ${input.planned}, attainment ${f['attainmentPct']}% ${s0}.`;
      const sentences = [`Scrap was ${input.scrap} parts, a scrap rate of ${f['scrapRatePct']}% ${s0}.`];
      if (f['oeePct'] !== undefined) {
        sentences.push(
          `OEE was ${f['oeePct']}% from availability ${f['availabilityPct']}%, performance ${f['performancePct']}% and quality ${f['qualityPct']}% ${s0}.`,
        );
      }
      if (input.downtimeMinutes !== undefined)
        sentences.push(`Recorded downtime was ${input.downtimeMinutes} minutes ${s0}.`);
      const losses = [...input.topLosses].sort((a, b) => b.minutes - a.minutes).slice(0, 3);
      if (losses.length)
        sentences.push(
          `The largest losses were ${losses.map((l) => `${l.reason} (${l.minutes} ${l.minutes === 1 ? 'minute' : 'minutes'})`).join(', ')} ${s0}.`,
        );
      // A narrative must not hide data problems: they are always listed.
      const dataQualityNotes = input.dataQualityIssues.map((issue) => `Data quality: ${issue} ${s0}.`);
      return { headline, narrative: sentences.join(' '), dataQualityNotes, attainmentBand: band };
    },
  },
};
