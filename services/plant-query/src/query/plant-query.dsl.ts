import { z } from 'zod';
import { siteId, type SiteId } from '@andon/plant-model';
import {
  DIMENSIONS,
  METRIC_CATALOGUE,
  METRIC_IDS,
  metricAllows,
  type Dimension,
} from '../catalogue/metric-catalogue';

export const RELATIVE_PERIODS = [
  'today',
  'yesterday',
  'last_night',
  'this_week',
  'last_week',
  'current_shift',
  'last_shift',
] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

export const MAX_LIMIT = 100;
export const MAX_LAST_HOURS = 24 * 31;

const code = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w .&/-]+$/, { error: 'only letters, digits, space and . & / - _' });

export const timeSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('relative'), period: z.enum(RELATIVE_PERIODS) }),
  z.strictObject({
    kind: z.literal('shift'),
    /** A shift code of the site's pattern in the plant model (A, B, C; D, N...): checked against the site when resolved. */
    shift: z.string().regex(/^[A-Z]$/, { error: 'a shift code: one capital letter' }),
    day: z.enum(['latest', 'today', 'yesterday']).default('latest'),
  }),
  z.strictObject({ kind: z.literal('last_hours'), hours: z.number().int().min(1).max(MAX_LAST_HOURS) }),
  z.strictObject({
    kind: z.literal('absolute'),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  }),
]);
export type TimeSpec = z.infer<typeof timeSpecSchema>;

/** A site id, normalised here once (`PLANT-A` is `plant-a`): the edge every query, parsed or proposed, passes. */
const siteCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { error: 'a site id: letters, digits, - and _' })
  .transform((s): SiteId => siteId(s));

const filtersShape = {
  ...(Object.fromEntries(
    DIMENSIONS.filter((d) => d !== 'day' && d !== 'site').map((d) => [
      d,
      z.array(code).min(1).max(20).optional(),
    ]),
  ) as Record<Exclude<Dimension, 'day' | 'site'>, z.ZodOptional<z.ZodArray<typeof code>>>),
  site: z.array(siteCode).min(1).max(20).optional(),
};

/**
 * The structured query: what the deterministic parser produces and what a model must
 * propose. Strict objects, so an extra field (an "operation", a raw filter) is refused
 * rather than ignored. There is no write verb to express.
 */
export const plantQuerySchema = z
  .strictObject({
    metric: z.enum(METRIC_IDS),
    filters: z.strictObject(filtersShape).default({}),
    groupBy: z.array(z.enum(DIMENSIONS)).max(3).default([]),
    time: timeSpecSchema,
    limit: z.number().int().min(1).max(MAX_LIMIT).default(20),
  })
  .superRefine((q, ctx) => {
    for (const [dim, values] of Object.entries(q.filters)) {
      if (values !== undefined && !metricAllows(q.metric, dim as Dimension)) {
        ctx.addIssue({
          code: 'custom',
          path: ['filters', dim],
          message: `${q.metric} cannot be filtered by ${dim}`,
        });
      }
    }
    for (const dim of q.groupBy) {
      if (!metricAllows(q.metric, dim))
        ctx.addIssue({
          code: 'custom',
          path: ['groupBy'],
          message: `${q.metric} cannot be grouped by ${dim}`,
        });
    }
    if (new Set(q.groupBy).size !== q.groupBy.length)
      ctx.addIssue({ code: 'custom', path: ['groupBy'], message: 'a dimension is repeated' });
    if (q.time.kind === 'absolute' && Date.parse(q.time.to) <= Date.parse(q.time.from)) {
      ctx.addIssue({ code: 'custom', path: ['time'], message: 'time.to must be after time.from' });
    }
  })
  .transform((q) => {
    const required = METRIC_CATALOGUE[q.metric].requiredGroupBy ?? [];
    return { ...q, groupBy: [...required, ...q.groupBy.filter((d) => !required.includes(d))] };
  });

export type PlantQuery = z.output<typeof plantQuerySchema>;
export type PlantQueryInput = z.input<typeof plantQuerySchema>;

export type QueryValidation = { ok: true; query: PlantQuery } | { ok: false; problems: string[] };

export function validatePlantQuery(raw: unknown): QueryValidation {
  const parsed = plantQuerySchema.safeParse(raw);
  if (parsed.success) return { ok: true, query: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(query)'}: ${i.message}`),
  };
}
