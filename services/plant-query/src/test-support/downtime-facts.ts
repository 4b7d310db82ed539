import type { DowntimeFact } from '../facts/plant-facts';

/** A stored downtime fact as the projector writes it, for calculation scenarios that bypass the store. */
export function downtimeFact(
  id: string,
  line: string,
  reason: string,
  from: string,
  to: string,
  site = 'plant-x',
): DowntimeFact {
  const startMs = Date.parse(from);
  return {
    _id: id,
    version: 1,
    eventId: id,
    site,
    area: 'a',
    line,
    cell: '',
    shift: 'A',
    day: from.slice(0, 10),
    atMs: startMs,
    machineId: `${line}-m1`,
    downtimeId: id,
    reason,
    reasonCode: 'X',
    startMs,
    endMs: Date.parse(to),
  };
}
