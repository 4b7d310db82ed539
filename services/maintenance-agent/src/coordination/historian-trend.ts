import type { EquipmentFact } from './equipment-facts.repository';

export interface TagTrend {
  tag: string;
  unit: string;
  recentMean: number;
  baselineMean: number;
  /** (recent - baseline) / baseline standard deviation; 0 when the baseline does not vary */
  shiftSigmas: number;
  recentCount: number;
  baselineCount: number;
  lastEventId: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Per tag: the recent mean against the mean and spread of the readings before it. */
export function historianTrends(readings: readonly EquipmentFact[], recentFrom: number): TagTrend[] {
  const byTag = new Map<string, EquipmentFact[]>();
  for (const r of readings)
    if (typeof r.value === 'number') byTag.set(r.ref, [...(byTag.get(r.ref) ?? []), r]);
  const out: TagTrend[] = [];
  for (const [tag, rs] of byTag) {
    const recent = rs.filter((r) => r.at >= recentFrom).map((r) => r.value ?? 0);
    const baseline = rs.filter((r) => r.at < recentFrom).map((r) => r.value ?? 0);
    if (recent.length === 0 || baseline.length === 0) continue;
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const bMean = mean(baseline);
    const sd = Math.sqrt(baseline.reduce((s, x) => s + (x - bMean) ** 2, 0) / baseline.length);
    const rMean = mean(recent);
    out.push({
      tag,
      unit: rs[rs.length - 1]?.unit ?? '',
      recentMean: round2(rMean),
      baselineMean: round2(bMean),
      shiftSigmas: sd > 0 ? round2((rMean - bMean) / sd) : 0,
      recentCount: recent.length,
      baselineCount: baseline.length,
      lastEventId: rs[rs.length - 1]?.eventId ?? '',
    });
  }
  return out.sort((a, b) => Math.abs(b.shiftSigmas) - Math.abs(a.shiftSigmas) || a.tag.localeCompare(b.tag));
}
