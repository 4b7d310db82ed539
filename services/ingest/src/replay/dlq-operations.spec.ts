import { Topics } from '@andon/contracts';
import { waitFor } from '@andon/testing';
import { collect, jsonBytes, jsonHeaders, rawJson, startHarness, type Harness } from '../test-support/ingest-fixtures';
import { runDlqCli } from './dlq-cli';

describe('runDlqCli', () => {
  let h: Harness;
  let lines: string[];
  let errors: string[];
  const run = (...argv: string[]) => runDlqCli(argv, { store: h.store, bus: h.bus, out: (l) => lines.push(l), err: (l) => errors.push(l) });

  beforeEach(async () => {
    h = await startHarness();
    lines = [];
    errors = [];
    await h.bus.publish([
      { topic: Topics.RawErp, key: 'plant-a/line-1', value: jsonBytes(rawJson({ sourceSystem: 'ERP', occurredAt: '2001-01-01T00:00:00Z' })), headers: jsonHeaders },
      { topic: Topics.RawMes, key: 'plant-a/line-1', value: jsonBytes(rawJson({ eventType: 'downtime_start', payload: { reasonCode: 'D77' } })), headers: jsonHeaders },
    ]);
    await waitFor(async () => (await h.runtime.archive.find({})).length === 1 && (await h.runtime.unmapped.list()).length === 1, { description: 'one dead letter and one unmapped code' });
  });
  afterEach(() => h.close());

  it('lists dead letters filtered by reason', async () => {
    expect(await run('dlq', 'list', '--reason', 'timestamp_skew')).toBe(0);
    expect(lines.at(-1)).toBe('1 dead letter(s)');
    expect(lines[0]).toContain('timestamp_skew');
    lines = [];
    expect(await run('list', '--reason', 'decode_failed')).toBe(0);
    expect(lines).toEqual(['0 dead letter(s)']);
  });

  it('replays (dry run first) and lists unmapped codes', async () => {
    const raw = (await collect(h.bus, Topics.RawErp, 'cli-raw')).records;
    expect(await run('replay', '--reason', 'schema_invalid', '--dry-run')).toBe(0);
    expect(lines.at(-1)).toBe('1 of 1 matched dead letter(s) would be replayed');
    expect(await run('replay', '--reason', 'schema_invalid', '--limit', '10')).toBe(0);
    expect(lines.at(-1)).toBe('1 of 1 matched dead letter(s) replayed');
    await waitFor(() => raw.length === 2, { description: 'the original and the replayed record on the raw topic' });
    lines = [];
    expect(await run('unmapped', '--site', 'plant-a')).toBe(0);
    expect(lines[0]).toMatch(/^plant-a\s+downtime_reason\s+D77\s+x1/);
  });

  it('answers usage errors with exit code 2', async () => {
    expect(await run()).toBe(2);
    expect(await run('explode')).toBe(2);
    expect(await run('list', '--limit', 'many')).toBe(2);
    expect(await run('list', '--since', 'last tuesday')).toBe(2);
    expect(await run('list', '--bogus')).toBe(2);
    expect(errors.some((e) => e.includes('unknown command "explode"'))).toBe(true);
  });
});
