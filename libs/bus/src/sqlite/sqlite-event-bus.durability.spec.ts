import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Metrics } from '@andon/observability';
import { waitFor } from '@andon/testing';
import { Collector, counterValue, ids, message, silentLogger } from '../contract/contract-kit';
import { EmbeddedBusInspector } from './embedded-bus-inspector';
import { SqliteEventBus } from './sqlite-event-bus';

const HOUR = 3_600_000;
let dir: string;
const open: SqliteEventBus[] = [];

function openBus(
  file: string,
  extra: Partial<ConstructorParameters<typeof SqliteEventBus>[0]> = {},
): SqliteEventBus {
  const bus = new SqliteEventBus({ file, logger: silentLogger(), retentionIntervalMs: 0, ...extra });
  open.push(bus);
  return bus;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'andon-sqlite-bus-'));
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteEventBus across restarts', () => {
  it('keeps topics, records and headers, and each group resumes from its committed position', async () => {
    const file = join(dir, 'bus.sqlite');
    const first = openBus(file);
    await first.ensureTopics([{ name: 't', partitions: 3 }]);
    const sent = ids('r', 90);
    const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await first.publish(
      sent.map((id, i) =>
        message(
          't',
          { id, seq: i },
          { key: `k${i % 9}`, eventId: `e-${id}`, headers: { traceparent: trace, 'x-any': `v${i}` } },
        ),
      ),
    );
    const early = new Collector();
    const sub = await first.subscribe({ groupId: 'g', topics: ['t'], handler: early.handler });
    await waitFor(() => early.handled.length >= 30, { timeoutMs: 5_000, description: '30 handled' });
    await sub.close();
    await first.close();

    const second = openBus(file);
    expect(await second.partitionCount('t')).toBe(3);
    const resumed = new Collector();
    const fresh = new Collector();
    await second.subscribe({ groupId: 'g', topics: ['t'], handler: resumed.handler });
    await second.subscribe({ groupId: 'new', topics: ['t'], handler: fresh.handler });
    await waitFor(
      () =>
        early.handled.length + resumed.handled.length >= sent.length && fresh.handled.length >= sent.length,
      {
        timeoutMs: 5_000,
        description: 'the rest for g, everything for a new group',
      },
    );
    expect(resumed.ids().filter((id) => early.ids().includes(id))).toEqual([]);
    expect([...early.ids(), ...resumed.ids()].sort()).toEqual([...sent].sort());
    const byId = new Map(fresh.handled.map((d) => [d.body.id, d]));
    sent.forEach((id, i) => {
      const d = byId.get(id);
      expect(d?.ctx.headers).toEqual({ traceparent: trace, 'x-any': `v${i}`, 'andon-event-id': `e-${id}` });
      expect(d?.ctx.eventId).toBe(`e-${id}`);
    });
    // Per-key order survives the restart: offsets of one key grow with the publish order.
    for (let k = 0; k < 9; k++) {
      const seqs = fresh.handled.filter((d) => d.ctx.key === `k${k}`).map((d) => d.body.seq);
      expect(seqs).toEqual([...seqs].sort((a = 0, b = 0) => a - b));
    }
    expect(
      second
        .groupLag()
        .filter((l) => l.groupId === 'g')
        .every((l) => l.lag === 0),
    ).toBe(true);
  });

  it('waits out a lock another connection holds on the file instead of failing the publish', async () => {
    const file = join(dir, 'bus.sqlite');
    const bus = openBus(file);
    await bus.ensureTopics([{ name: 't', partitions: 1 }]);
    const other = new Database(file);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      let resolved = false;
      const publishing = bus.publish([message('t', { id: 'while-locked' })]).then(() => {
        resolved = true;
      });
      // Well past the connection's own busy timeout (100 ms): the commit is retried, not failed.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(resolved).toBe(false);
      other.prepare('COMMIT').run();
      await publishing;
      expect(resolved).toBe(true);
    } finally {
      other.close();
    }
    const seen = new Collector();
    await bus.subscribe({ groupId: 'g', topics: ['t'], handler: seen.handler });
    await waitFor(() => seen.handled.length >= 1, { timeoutMs: 5_000, description: 'the record' });
    expect(seen.ids()).toEqual(['while-locked']);
  });

  it('continues offsets after a restart instead of reusing them', async () => {
    const file = join(dir, 'bus.sqlite');
    const first = openBus(file);
    await first.ensureTopics([{ name: 't', partitions: 1 }]);
    await first.publish([message('t', { id: 'a' }), message('t', { id: 'b' })]);
    await first.close();
    const second = openBus(file);
    await second.publish([message('t', { id: 'c' })]);
    const seen = new Collector();
    await second.subscribe({ groupId: 'g', topics: ['t'], handler: seen.handler });
    await waitFor(() => seen.handled.length >= 3, { timeoutMs: 5_000, description: 'three records' });
    expect(seen.handled.map((d) => [d.body.id, d.ctx.offset])).toEqual([
      ['a', '0'],
      ['b', '1'],
      ['c', '2'],
    ]);
  });
});

describe('SqliteEventBus retention', () => {
  it('deletes expired records every group committed, holds the ones a lagging group has not, and records the loss past the hold', async () => {
    const metrics = new Metrics({}, false);
    const bus = openBus(join(dir, 'bus.sqlite'), { metrics, retentionHold: { extraMs: 24 * HOUR } });
    await bus.ensureTopics([
      {
        name: 't',
        partitions: 1,
        configEntries: { 'retention.ms': String(HOUR), 'cleanup.policy': 'delete' },
      },
    ]);
    // A group that started at the end and is stuck does not hold retention (nor is it owed a loss).
    const tailStuck = new Collector(() => {
      throw new Error('stuck');
    });
    const tailSub = await bus.subscribe({
      groupId: 'tail',
      topics: ['t'],
      handler: tailStuck.handler,
      fromBeginning: false,
      retry: { attempts: 1_000, baseDelayMs: 60_000 },
    });
    await bus.publish(ids('old', 10).map((id) => message('t', { id })));
    const fast = new Collector();
    const slow = new Collector((body) => {
      if (body.id === 'old-4') throw new Error('stuck');
    });
    await bus.subscribe({ groupId: 'fast', topics: ['t'], handler: fast.handler });
    const slowSub = await bus.subscribe({
      groupId: 'slow',
      topics: ['t'],
      handler: slow.handler,
      retry: { attempts: 1_000, baseDelayMs: 60_000 },
    });
    await waitFor(
      () => fast.handled.length >= 10 && slow.handled.length >= 4 && tailStuck.attempts.length >= 1,
      {
        timeoutMs: 5_000,
        description: 'fast done, slow stuck at old-4',
      },
    );
    await slowSub.close();
    await tailSub.close();

    const now = Date.now();
    await bus.runRetention(now + 2 * HOUR);
    // old-0..3 are gone (both groups committed them); old-4..9 are held for 'slow'.
    expect(bus.groupLag().find((l) => l.groupId === 'slow')).toMatchObject({ committed: 4, end: 10, lag: 6 });
    expect(bus.retentionLosses()).toEqual([]);
    expect(await counterValue(metrics, 'andon_bus_retention_deleted_total', { topic: 't' })).toBe(4);
    const held = await metrics.registry.getSingleMetric('andon_bus_retention_held_records')?.get();
    expect(held?.values.find((v) => v.labels['topic'] === 't')?.value).toBe(6);

    // Past retention + hold, the records go, and the loss is recorded for 'slow' only.
    await bus.runRetention(now + 26 * HOUR);
    expect(bus.retentionLosses()).toEqual([
      expect.objectContaining({
        topic: 't',
        partition: 0,
        groupId: 'slow',
        firstOffset: 4,
        lastOffset: 9,
        records: 6,
        reason: 'retention_ms',
      }),
    ]);
    expect(await counterValue(metrics, 'andon_bus_retention_lost_total', { topic: 't', group: 'slow' })).toBe(
      6,
    );
    expect(await counterValue(metrics, 'andon_bus_retention_lost_total', { topic: 't', group: 'fast' })).toBe(
      0,
    );

    // The lagging group continues at the oldest record kept.
    const after = new Collector();
    await bus.subscribe({ groupId: 'slow', topics: ['t'], handler: after.handler });
    await bus.publish([message('t', { id: 'new' })]);
    await waitFor(() => after.handled.length >= 1, { timeoutMs: 5_000, description: 'new record' });
    expect(after.ids()).toEqual(['new']);
  });

  it('keeps the newest retention.bytes per partition and never deletes from a topic kept forever', async () => {
    const bus = openBus(join(dir, 'bus.sqlite'));
    await bus.ensureTopics([
      { name: 'sized', partitions: 1, configEntries: { 'retention.bytes': '1000', 'retention.ms': '-1' } },
      { name: 'forever', partitions: 1, configEntries: { 'retention.ms': '-1' } },
      { name: 'compacted', partitions: 1, configEntries: { 'cleanup.policy': 'compact' } },
    ]);
    const pad = 'x'.repeat(150);
    for (const topic of ['sized', 'forever', 'compacted'])
      await bus.publish(ids('m', 20).map((id) => message(topic, { id: `${id}-${pad}` })));
    const readers = new Map<string, Collector>();
    for (const topic of ['sized', 'forever', 'compacted']) {
      const c = new Collector();
      readers.set(topic, c);
      await bus.subscribe({ groupId: `reader-${topic}`, topics: [topic], handler: c.handler });
    }
    await waitFor(() => [...readers.values()].every((c) => c.handled.length >= 20), {
      timeoutMs: 5_000,
      description: 'all read',
    });
    await bus.runRetention(Date.now() + 365 * 24 * HOUR);
    const late = new Map<string, Collector>();
    for (const topic of ['sized', 'forever', 'compacted']) {
      const c = new Collector();
      late.set(topic, c);
      await bus.subscribe({ groupId: `late-${topic}`, topics: [topic], handler: c.handler });
    }
    await waitFor(
      () =>
        (late.get('forever')?.handled.length ?? 0) >= 20 &&
        (late.get('compacted')?.handled.length ?? 0) >= 20 &&
        (late.get('sized')?.handled.length ?? 0) >= 1,
      {
        timeoutMs: 5_000,
        description: 'late readers',
      },
    );
    // A record's size is its value + key + stored headers ('{}'): keep the newest that fit 1 000 bytes.
    const sizes = ids('m', 20).map((id) => Buffer.byteLength(JSON.stringify({ id: `${id}-${pad}` })) + 2);
    let fit = 0;
    for (let used = 0; fit < sizes.length && used + sizes[sizes.length - 1 - fit] <= 1_000; fit++)
      used += sizes[sizes.length - 1 - fit];
    expect(fit).toBeGreaterThan(1);
    expect(late.get('sized')?.ids()).toEqual(
      ids('m', 20)
        .slice(20 - fit)
        .map((id) => `${id}-${pad}`),
    );
    expect(bus.retentionLosses()).toEqual([]);
  });

  it('forgets a group idle past its offsets retention, recording what it had not read unless it started at the end', async () => {
    const file = join(dir, 'bus.sqlite');
    const bus = openBus(file, { groupExpiryMs: 24 * HOUR });
    await bus.ensureTopics([{ name: 't', partitions: 1, configEntries: { 'retention.ms': '-1' } }]);
    await bus.publish(ids('m', 5).map((id) => message('t', { id })));
    const done = new Collector();
    const stuck = new Collector((body) => {
      if (body.id === 'm-3') throw new Error('stuck');
    });
    const live = new Collector();
    const doneSub = await bus.subscribe({ groupId: 'done', topics: ['t'], handler: done.handler });
    const stuckSub = await bus.subscribe({
      groupId: 'gone',
      topics: ['t'],
      handler: stuck.handler,
      retry: { attempts: 1_000, baseDelayMs: 60_000 },
    });
    await bus.subscribe({ groupId: 'live', topics: ['t'], handler: live.handler });
    // Starts at the end by choice: nothing it skips is owed to it, before or after expiry.
    const tail = new Collector(() => {
      throw new Error('stuck');
    });
    const tailSub = await bus.subscribe({
      groupId: 'tail',
      topics: ['t'],
      handler: tail.handler,
      fromBeginning: false,
      retry: { attempts: 1_000, baseDelayMs: 60_000 },
    });
    await bus.publish([message('t', { id: 'm-5' })]);
    await waitFor(() => tail.attempts.length >= 1, {
      timeoutMs: 5_000,
      description: 'tail group stuck at m-5',
    });
    await tailSub.close();
    await waitFor(() => done.handled.length >= 6 && stuck.handled.length >= 3 && live.handled.length >= 6, {
      timeoutMs: 5_000,
      description: 'groups at their positions',
    });
    await Promise.all([doneSub.close(), stuckSub.close()]);

    await bus.runRetention(Date.now() + 2 * 24 * HOUR);
    expect(bus.retentionLosses()).toEqual([
      expect.objectContaining({
        groupId: 'gone',
        firstOffset: 3,
        lastOffset: 5,
        records: 3,
        reason: 'group_expired',
      }),
    ]);
    // A group with a member is never expired, however long ago it committed.
    expect([...new Set(bus.groupLag().map((l) => l.groupId))]).toEqual(['live']);
    const inspector = new EmbeddedBusInspector(file);
    try {
      expect(inspector.losses()).toEqual(bus.retentionLosses());
      expect(inspector.lag()).toEqual([
        expect.objectContaining({ groupId: 'live', topic: 't', committed: 6, end: 6, lag: 0 }),
      ]);
      expect(inspector.records('t').map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      inspector.close();
    }
  });
});
