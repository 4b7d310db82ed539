import { METRIC_IDS } from '../catalogue/metric-catalogue';
import { MAX_LAST_HOURS, validatePlantQuery, type PlantQuery } from '../query/plant-query.dsl';

export type ProposalRefusalCode =
  | 'proposal-write'
  | 'proposal-operator'
  | 'proposal-unknown-metric'
  | 'proposal-unbounded-range'
  | 'proposal-invalid';

export type ProposalReview =
  { ok: true; query: PlantQuery } | { ok: false; code: ProposalRefusalCode; message: string };

/** Keys a model might use to smuggle a change into a "query"; the DSL has no verb, so any of them is a write attempt. */
const WRITE_KEYS =
  /^(operation|op|action|verb|command|update|updates|set|unset|insert|delete|remove|drop|replace|upsert|write|patch)$/i;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function findKeys(
  value: unknown,
  path: string,
  hit: (key: string, path: string) => boolean,
): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findKeys(v, `${path}[${i}]`, hit);
      if (found) return found;
    }
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (hit(k, at)) return at;
      const found = findKeys(v, at, hit);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Turns a model's proposed query into a validated one, or a refusal with a reason the
 * user and the ledger can read. The zod schema alone would refuse all of these; the
 * named checks first make the reason say what was wrong (a write, an operator, a metric
 * outside the catalogue, an open-ended range) instead of a list of schema paths.
 */
export function reviewProposal(raw: unknown): ProposalReview {
  if (!isRecord(raw))
    return { ok: false, code: 'proposal-invalid', message: 'the proposed query is not an object' };
  const write = findKeys(raw, '', (k) => WRITE_KEYS.test(k));
  if (write)
    return {
      ok: false,
      code: 'proposal-write',
      message: `the proposed query asks for a write (${write}); plant queries are read-only`,
    };
  const operator = findKeys(raw, '', (k) => k.startsWith('$'));
  if (operator)
    return {
      ok: false,
      code: 'proposal-operator',
      message: `the proposed query uses a store operator (${operator}); only plain filter values are allowed`,
    };
  if (isRecord(raw['filters'])) {
    for (const [dim, values] of Object.entries(raw['filters'])) {
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
        return {
          ok: false,
          code: 'proposal-operator',
          message: `filters.${dim} must be a list of plain values`,
        };
      }
    }
  }
  if (typeof raw['metric'] !== 'string' || !(METRIC_IDS as readonly string[]).includes(raw['metric'])) {
    return {
      ok: false,
      code: 'proposal-unknown-metric',
      message: `"${String(raw['metric'])}" is not in the metric catalogue (${METRIC_IDS.join(', ')})`,
    };
  }
  const time = raw['time'];
  if (!isRecord(time))
    return { ok: false, code: 'proposal-unbounded-range', message: 'the proposed query has no time window' };
  if (time['kind'] === 'absolute' && (typeof time['from'] !== 'string' || typeof time['to'] !== 'string')) {
    return {
      ok: false,
      code: 'proposal-unbounded-range',
      message: 'the proposed time window is open-ended; both from and to are required',
    };
  }
  if (
    time['kind'] === 'last_hours' &&
    !(typeof time['hours'] === 'number' && time['hours'] <= MAX_LAST_HOURS)
  ) {
    return {
      ok: false,
      code: 'proposal-unbounded-range',
      message: `the proposed window must be at most ${MAX_LAST_HOURS} hours`,
    };
  }
  const validated = validatePlantQuery(raw);
  if (!validated.ok)
    return {
      ok: false,
      code: 'proposal-invalid',
      message: `the proposed query does not fit the catalogue: ${validated.problems.join('; ')}`,
    };
  return validated;
}
