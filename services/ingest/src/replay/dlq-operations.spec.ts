import { Topics } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import {
  collect,
  jsonBytes,
  jsonHeaders,
  rawJson,
  startHarness,
  type Harness,
} from '../test-support/ingest-fixtures';
import { openDlqOperations, type DlqOperations } from './dlq-operations';

// The `andon dlq` command's parsing and printing are tested in tools/cli; this is what it calls.
describe('openDlqOperations', () => {
  let h: Harness;
  let ops: DlqOperations;

  beforeEach(async () => {
    h = await startHarness();
    ops = await openDlqOperations({ store: h.store, bus: h.bus });
    await h.bus.publish([
      {
        topic: Topics.RawErp,
        key: 'plant-a/line-1',
        value: jsonBytes(rawJson({ sourceSystem: 'ERP', occurredAt: '2001-01-01T00:00:00Z' })),
        headers: jsonHeaders,
      },
      {
        topic: Topics.RawMes,
        key: 'plant-a/line-1',
        value: jsonBytes(rawJson({ eventType: 'downtime_start', payload: { reasonCode: 'D77' } })),
        headers: jsonHeaders,
      },
    ]);
    await waitFor(
      async () => (await h.archive.find({})).length === 1 && (await h.unmapped.list()).length === 1,
      { description: 'one dead letter and one unmapped code' },
    );
  });
  afterEach(() => h.close());

  it('lists dead letters filtered by reason and age', async () => {
    const [letter] = await ops.list({ reason: 'timestamp_skew' });
    expect(letter?.detail).toBe('timestamp_skew');
    expect(await ops.list({ reason: 'decode_failed' })).toEqual([]);
    expect(await ops.list({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await ops.list({ since: new Date(Date.now() - 15 * 60_000).toISOString() })).toHaveLength(1);
  });

  it('replays (dry run first) and lists unmapped codes', async () => {
    const raw = (await collect(h.bus, Topics.RawErp, 'cli-raw')).records;
    const dry = await ops.replay({ reason: 'schema_invalid', dryRun: true });
    expect({ dryRun: dry.dryRun, matched: dry.matched, replayed: dry.replayed.length }).toEqual({
      dryRun: true,
      matched: 1,
      replayed: 1,
    });
    const done = await ops.replay({ reason: 'schema_invalid', limit: 10 });
    expect({ dryRun: done.dryRun, matched: done.matched, replayed: done.replayed.length }).toEqual({
      dryRun: false,
      matched: 1,
      replayed: 1,
    });
    await waitFor(() => raw.length === 2, {
      description: 'the original and the replayed record on the raw topic',
    });
    const [code] = await ops.unmapped({ site: 'plant-a' });
    expect(code).toMatchObject({ site: 'plant-a', kind: 'downtime_reason', code: 'D77', count: 1 });
  });

  it('refuses to replay without a bus', async () => {
    const noBus = await openDlqOperations({ store: h.store });
    expect(() => noBus.replay({})).toThrow(/needs the event bus/);
  });
});
