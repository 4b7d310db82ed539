/** Monthly work-order, NCR and deviation histories per line. */
import {
  fillerDeviations,
  fillerNcrs,
  fillerWorkOrders,
  NOTABLE_EVENTS,
  type HistoryEntry,
} from './corpus-histories';
import { SITES } from './corpus-model';
import type { Writer } from './corpus-writer';

const MONTHS = ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

function renderHistory(heading: string, entries: readonly HistoryEntry[]): string {
  return `# ${heading}\n\n${entries.map((e) => `## ${e.id} ${e.machine}\n${e.text}\n`).join('\n')}`;
}

export function writeHistories(w: Writer, rand: () => number): void {
  let counter = 0;
  const nextId = () => ++counter;
  for (const site of SITES) {
    const prefix = { a: '76', b: '81', c: '83' }[site.letter] ?? '9';
    for (const line of site.lines) {
      const ctx = { rand, machines: line.machines, product: line.product, nextId };
      const notable = (kind: string, months: readonly string[]) =>
        NOTABLE_EVENTS.filter((e) => e.kind === kind && e.line === line.id && months.includes(e.month));
      const base = {
        site: site.id,
        line: line.id,
        product: line.product,
        status: 'approved' as const,
        effectiveTo: null,
        machines: Object.keys(line.machines),
      };
      for (const month of MONTHS) {
        const from = `${month}-28`;
        const wos = notable('work_order_history', [month]);
        const woEntries = [...fillerWorkOrders(ctx, 3 + Math.floor(rand() * 4), prefix), ...wos].sort(
          (a, b) => a.id.localeCompare(b.id),
        );
        w.add(
          {
            ...base,
            documentId: `WOH-${site.letter.toUpperCase()}-${line.id.toUpperCase()}-${month}`,
            revision: month,
            docType: 'work_order_history',
            effectiveFrom: from,
            topic: 'work-orders',
            events: wos.map((e) => e.key),
          },
          `Maintenance work orders ${line.name} ${month}`,
          renderHistory(`Work order history ${line.name} (${site.city}), ${month}`, woEntries),
          'txt',
          'internal',
          `maintenance@${site.id}`,
        );
        const ncrs = notable('ncr_history', [month]);
        const ncrEntries = [...fillerNcrs(ctx, 2 + Math.floor(rand() * 3)), ...ncrs];
        w.add(
          {
            ...base,
            documentId: `NCRH-${site.letter.toUpperCase()}-${line.id.toUpperCase()}-${month}`,
            revision: month,
            docType: 'ncr_history',
            effectiveFrom: from,
            topic: 'ncrs',
            events: ncrs.map((e) => e.key),
          },
          `Nonconformance reports ${line.name} ${month}`,
          renderHistory(`NCR log ${line.name} (${site.city}), ${month}`, ncrEntries),
          'md',
          'confidential',
          `quality@${site.id}`,
        );
        const devs = notable('deviation_history', [month]);
        w.add(
          {
            ...base,
            documentId: `DEVH-${site.letter.toUpperCase()}-${line.id.toUpperCase()}-${month}`,
            revision: month,
            docType: 'deviation_history',
            effectiveFrom: from,
            topic: 'deviations',
            events: devs.map((e) => e.key),
          },
          `Deviations ${line.name} ${month}`,
          renderHistory(`Deviation history ${line.name} (${site.city}), ${month}`, [
            ...fillerDeviations(ctx, 1 + Math.floor(rand() * 2)),
            ...devs,
          ]),
          'md',
          'confidential',
          `quality@${site.id}`,
        );
      }
    }
  }
}
