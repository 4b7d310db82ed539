import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBusInspector, BUS_HEADERS } from '@andon/bus';
import { Topics } from '@andon/contracts';
import { DedupeWindow, SqliteDocumentStore } from '@andon/persistence';
import { freePort, waitFor } from '@andon/testing';
import { launchStandalone, type StandaloneProcess } from './support/crashable-standalone';
import { login } from './support/standalone-process';

const TOKEN = 'crash-test-ingest-token';
/** Accepted HTTP events after which each run is SIGKILLed (several points of the stream). */
const KILL_POINTS = [20, 110, 50];
const SENDERS = 3;
const LINES = [
  { site: 'plant-a', line: 'line-1' },
  { site: 'plant-a', line: 'line-2' },
  { site: 'plant-b', line: 'line-4' },
];

interface PlantEventJson {
  sourceSystem: string;
  sourceEventId: string;
  eventType: string;
  location: { enterprise: string; site: string; line: string };
  occurredAt: string;
  payload: Record<string, unknown>;
}

interface IngestResponse {
  results: Array<{ outcome: string; eventId?: string; sourceEventId?: string }>;
}

/**
 * The plant side: numbered events, sent by a few concurrent senders in small requests.
 * An event is accepted once a 202 named its event id; an event whose request died with
 * the process is pending and is sent again to the next process, as a plant would.
 */
class Plant {
  readonly accepted = new Map<string, string>();
  /** Outcome of the latest answer per source event id. */
  readonly outcomes = new Map<string, string>();
  private pending: PlantEventJson[] = [];
  private next = 0;

  constructor(private readonly tag: string) {}

  private event(n: number): PlantEventJson {
    const where = LINES[n % LINES.length];
    const base = {
      sourceSystem: 'MES',
      sourceEventId: `${this.tag}-${n}`,
      location: { enterprise: 'acme', ...where },
      occurredAt: new Date().toISOString(),
    };
    return n % 4 === 0
      ? { ...base, eventType: 'production_count', payload: { good: n % 50, scrap: n % 3, unit: 'ea' } }
      : { ...base, eventType: 'operator_note', payload: { text: `crash test note ${n}` } };
  }

  private take(count: number): PlantEventJson[] {
    const batch = this.pending.splice(0, count);
    while (batch.length < count) batch.push(this.event(this.next++));
    return batch;
  }

  /** Posts one request; true when the process answered it. */
  async send(url: string, events: PlantEventJson[]): Promise<boolean> {
    let res: Response;
    try {
      res = await fetch(`${url}/ingest/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(events),
      });
    } catch {
      this.pending.push(...events);
      return false;
    }
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as IngestResponse;
    for (const r of body.results) {
      if (!r.eventId || !r.sourceEventId || (r.outcome !== 'published' && r.outcome !== 'deduped'))
        throw new Error(`unexpected result ${JSON.stringify(r)}`);
      this.accepted.set(r.sourceEventId, r.eventId);
      this.outcomes.set(r.sourceEventId, r.outcome);
    }
    return true;
  }

  /** Streams until `killAfter` more events were accepted, then kills the process with requests in flight. */
  async streamAndKill(andon: StandaloneProcess, killAfter: number): Promise<void> {
    const target = this.accepted.size + killAfter;
    let killing: Promise<void> | undefined;
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, sender) => {
        for (let i = 0; !killing; i++) {
          const answered = await this.send(andon.url, this.take(1 + ((i + sender) % 4)));
          if (!answered) break;
          if (this.accepted.size >= target) killing ??= andon.kill();
        }
      }),
    );
    await killing;
  }

  /** Sends every event again (pending and accepted): the plant re-sends what it is unsure of. */
  async resendAll(url: string): Promise<Map<string, string>> {
    const all = [
      ...this.pending,
      ...[...this.accepted.keys()].map((id) => this.event(Number(id.slice(this.tag.length + 1)))),
    ];
    this.pending = [];
    const before = new Map(this.accepted);
    for (let i = 0; i < all.length; i += 50) {
      if (!(await this.send(url, all.slice(i, i + 50)))) throw new Error('the last run died');
    }
    return before;
  }
}

/**
 * Issue 23: the standalone on the durable embedded bus is SIGKILLed at several points of
 * a stream of HTTP-ingested and simulated events and restarted on the same data folder.
 * Every accepted event must reach every consumer group (exactly once in effect: their
 * idempotency marks), the dedupe window must not swallow an event the bus lost, and the
 * ledger must verify.
 */
describe('standalone on the durable embedded bus, killed mid-stream', () => {
  let dataDir: string;
  let andon: StandaloneProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'andon-crash-'));
  });

  afterAll(async () => {
    await andon?.kill();
    if (process.env['ANDON_KEEP_CRASH_DIR'] !== 'true') rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no accepted event across SIGKILLs and the ledger verifies', async () => {
    const port = await freePort();
    const logFile = join(dataDir, 'standalone.log');
    const env = {
      INGEST_HTTP_TOKENS: TOKEN,
      SIM_GENERATOR: 'true',
      SIM_BACKFILL_HOURS: '1',
      SIM_INTERVAL_MS: '50',
    };
    const plant = new Plant(`crash-${Date.now().toString(36)}`);

    for (const killAfter of KILL_POINTS) {
      andon = await launchStandalone({ dataDir, port, logFile, env });
      await plant.streamAndKill(andon, killAfter);
      expect(andon.exited).toBe(true);
    }

    andon = await launchStandalone({ dataDir, port, logFile, env });
    const acceptedBeforeLastRun = await plant.resendAll(andon.url);
    // Every event accepted before a kill is still known to the dedupe window...
    for (const [sourceEventId, eventId] of acceptedBeforeLastRun) {
      expect([sourceEventId, plant.accepted.get(sourceEventId), plant.outcomes.get(sourceEventId)]).toEqual([
        sourceEventId,
        eventId,
        'deduped',
      ]);
    }
    const accepted = [...plant.accepted.values()];
    const acceptedIds = new Set(accepted);
    expect(accepted.length).toBeGreaterThanOrEqual(KILL_POINTS.reduce((a, b) => a + b, 0));

    // ...so it must have reached every consumer group of plant events: each idempotent group
    // marks an event once it handled it, which is what "exactly once in effect" rests on.
    const busFile = join(dataDir, 'bus.sqlite');
    const inspector = new EmbeddedBusInspector(busFile);
    const store = SqliteDocumentStore.open(join(dataDir, 'andon.sqlite'));
    try {
      // Per-process groups (the console's live stream) are left out: they start at the end by design.
      const groups = [
        ...new Set(
          inspector
            .lag()
            .filter((l) => l.topic === Topics.PlantEvents && !l.groupId.startsWith('console-live-'))
            .map((l) => l.groupId),
        ),
      ];
      expect(groups).toEqual(
        expect.arrayContaining([
          'quality-agent',
          'maintenance-agent',
          'production-agent',
          'compliance-agent',
          'plant-query',
        ]),
      );
      const marks = await DedupeWindow.open(store);
      const idempotentGroups = [
        'quality-agent',
        'maintenance-agent',
        'production-agent',
        'compliance-agent',
        'plant-query',
      ];
      await waitFor(
        async () => {
          for (const group of idempotentGroups) {
            for (const eventId of accepted)
              if (!(await marks.seen(group, eventId))) throw new Error(`${group} has not handled ${eventId}`);
          }
          return true;
        },
        {
          timeoutMs: 30_000,
          intervalMs: 500,
          description: 'every accepted event handled by every agent and plant-query',
        },
      );

      // Every other group has committed past each accepted event's record.
      const records = inspector.records(Topics.PlantEvents);
      const lastOffset = new Map<number, number>();
      const inLog = new Set<string>();
      for (const r of records) {
        const id = r.headers[BUS_HEADERS.eventId];
        if (id) inLog.add(id);
        if (id && acceptedIds.has(id))
          lastOffset.set(r.partition, Math.max(lastOffset.get(r.partition) ?? -1, r.offset));
      }
      expect(accepted.filter((id) => !inLog.has(id))).toEqual([]);
      await waitFor(
        () => {
          const lag = inspector.lag();
          return groups.every((group) =>
            [...lastOffset].every(
              ([partition, offset]) =>
                (lag.find(
                  (l) => l.groupId === group && l.topic === Topics.PlantEvents && l.partition === partition,
                )?.committed ?? -1) > offset,
            ),
          );
        },
        {
          timeoutMs: 30_000,
          intervalMs: 250,
          description: 'every plant-event group committed past the accepted events',
        },
      );
      expect(inspector.losses()).toEqual([]);

      const admin = await login(andon.url, 'admin');
      const verify = await fetch(`${andon.url}/api/ledger/verify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: '{}',
      });
      const verdict = (await verify.json()) as { ok: boolean; checked: number };
      expect(verdict).toMatchObject({ ok: true });
      expect(verdict.checked).toBeGreaterThan(0);
    } finally {
      inspector.close();
      await store.close();
    }
    await andon.stop();
  }, 170_000);
});
