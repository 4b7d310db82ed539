/** A scrap or downtime spike on one line, detected in code before any analysis. */
export interface Spike {
  kind: 'scrap' | 'downtime';
  site: string;
  line: string;
  from: number;
  to: number;
  /** scrap: scrap rate in the window (0..1); downtime: stop minutes in the window */
  value: number;
  /** scrap: units counted in the window; downtime: number of stops */
  volume: number;
  /** scrap: the line's scrap rate in the lookback before the window */
  baseline?: number;
}

export function spikeTitle(spike: Pick<Spike, 'kind' | 'line'>): string {
  return `${spike.kind === 'scrap' ? 'Scrap' : 'Downtime'} spike on ${spike.line}`;
}
