import { z } from 'zod';
import { cite, INPUT_LABEL, type UseCaseDefinition } from './use-case';

export const plantQueryTranslateInput = z.object({
  question: z.string().trim().min(1).max(500),
  /** The caller's sites: the only sites a proposed query may name. */
  sites: z.array(z.string().min(1)).min(1).max(50),
  /** Now, ISO 8601; relative times stay relative in the query and are resolved by the service. */
  now: z.iso.datetime({ offset: true }),
});
export type PlantQueryTranslateInput = z.infer<typeof plantQueryTranslateInput>;

/**
 * The model proposes a plant-query DSL object; this schema only shapes the envelope.
 * The query itself is validated by the plant-query service against its catalogue and
 * the caller's scope (libs cannot import a service's DSL), and refused there if wrong.
 */
export const plantQueryTranslateOutput = z.object({
  translated: z.boolean(),
  query: z.record(z.string(), z.unknown()).nullable(),
  /** One sentence on how the question maps to the query, citing the request [S0]; checked like any claim. */
  reason: z.string().min(1).max(300),
});
export type PlantQueryTranslateOutput = z.infer<typeof plantQueryTranslateOutput>;

export const plantQueryTranslate: UseCaseDefinition<PlantQueryTranslateInput, PlantQueryTranslateOutput> = {
  name: 'plant-query-translate',
  task: 'extract',
  outputSchemaName: 'plant-query-translate.v1',
  inputSchema: plantQueryTranslateInput,
  outputSchema: plantQueryTranslateOutput,
  // The query is checked by the service; the reason is prose, so it must cite the request and state no number the question lacks.
  claimTexts: (o) => [o.reason],
  classification: (o) => ({
    translated: o.translated,
    metric: typeof o.query?.['metric'] === 'string' ? o.query['metric'] : '',
  }),
  deterministic: {
    // The deterministic translation is the plant-query parser, which lives in the service
    // (libs do not import services); "no translation" tells the service to run it.
    generate: () => ({
      translated: false,
      query: null,
      reason: `No model translation; the plant-query service's deterministic parser translates this question ${cite(INPUT_LABEL)}.`,
    }),
  },
};
