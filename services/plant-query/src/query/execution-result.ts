import type { SiteId } from '@andon/plant-model';
import type { ResolvedWindow } from '../calendar/resolve-window';
import type { ResultRow } from './aggregate';

export interface ExecutionLimits {
  maxScannedRows: number;
  maxRangeDays: number;
  /** Read whole hours of production from the hourly buckets (default true); false reads facts only (bench baseline, equivalence tests). */
  productionRollups?: boolean;
}

export type RefusalCode =
  'site-out-of-scope' | 'range-too-long' | 'too-many-rows' | 'no-sites' | 'unknown-site' | 'unknown-shift';

export type ExecutionResult =
  | {
      ok: true;
      sites: SiteId[];
      windows: Record<string, ResolvedWindow>;
      rows: ResultRow[];
      total: ResultRow;
      truncated: boolean;
      scanned: number;
    }
  | { ok: false; code: RefusalCode; message: string };

/** Thrown inside an execution to refuse it; `execute` turns it into `{ ok: false }`. */
export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}

export const tooManyRows = (max: number): Refusal =>
  new Refusal(
    'too-many-rows',
    `the question covers more than ${max} records; narrow the time window, line or site`,
  );
