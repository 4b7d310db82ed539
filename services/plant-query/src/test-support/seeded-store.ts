import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlantEvent } from '@andon/contracts';
import { createLogger } from '@andon/observability';
import { SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import { PlantFactsProjector } from '../facts/plant-facts.projector';
import { PlantFactsRepository } from '../facts/plant-facts.repository';
import { QueryExecutor, type PlantCalendarSettings } from '../query/query-executor';
import { decoded } from './plant-events';

export const TEST_ZONES: Record<string, string> = {
  'plant-a': 'Europe/Berlin',
  'plant-b': 'America/New_York',
};
export const TEST_RATES: Record<string, number> = {
  'plant-a/line-1': 60,
  'plant-a/line-2': 40,
  'plant-b/line-3': 30,
  'plant-b/line-4': 80,
};
export const TEST_LINE_SITES: Record<string, string> = {
  'line-1': 'plant-a',
  'line-2': 'plant-a',
  'line-3': 'plant-b',
  'line-4': 'plant-b',
};

export const testCalendar: PlantCalendarSettings = {
  zoneOf: (s) => TEST_ZONES[s] ?? 'UTC',
  idealRate: (s, l) => TEST_RATES[`${s}/${l}`],
  siteOfLine: (l) => TEST_LINE_SITES[l],
};

export interface SeededStore {
  store: DocumentStore;
  repo: PlantFactsRepository;
  executor: QueryExecutor;
  close(): Promise<void>;
}

/** Projects `events` through the real projector into `store` (SQLite in a temp dir by default). */
export async function seededStore(
  events: readonly PlantEvent[],
  open?: () => Promise<DocumentStore>,
  limits: { productionRollups?: boolean } = {},
): Promise<SeededStore> {
  const dir = open ? undefined : mkdtempSync(join(tmpdir(), 'andon-pq-seed-'));
  const store = open ? await open() : SqliteDocumentStore.open(join(dir as string, 'andon.sqlite'));
  const repo = await PlantFactsRepository.open(store);
  const projector = new PlantFactsProjector(repo, testCalendar.zoneOf);
  const log = createLogger('test', 'silent');
  for (const event of events) await projector.handle(decoded(event), log);
  const executor = new QueryExecutor(repo, testCalendar, {
    maxScannedRows: 20_000,
    maxRangeDays: 31,
    ...limits,
  });
  return {
    store,
    repo,
    executor,
    close: async () => {
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
