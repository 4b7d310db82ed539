import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliContext } from '../cli-context';
import { runCli } from '../main';

// What the dead-letter operations find and replay is tested in services/ingest
// (dlq-operations.spec.ts, with real dead letters); this is the command around them.
describe('andon dlq', () => {
  let dataDir: string;
  let out: string[];
  let err: string[];
  let ctx: CliContext;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'andon-dlq-cli-'));
    out = [];
    err = [];
    ctx = {
      env: { ANDON_DATA_DIR: dataDir },
      rootDir: resolve(__dirname, '../../../..'),
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      now: () => new Date('2026-12-06T20:00:00Z'),
    };
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists with an age (--since 15m) or an ISO time on the embedded store', async () => {
    expect(await runCli(['dlq', 'list', '--since', '15m'], ctx)).toBe(0);
    expect(out).toEqual(['0 dead letter(s)']);
    expect(
      await runCli(['dlq', 'list', '--since', '2026-12-06T18:00:00Z', '--status', 'all', '--json'], ctx),
    ).toBe(0);
    expect(JSON.parse(out.slice(1).join('\n'))).toEqual([]);
    expect(await runCli(['dlq', 'unmapped', '--kind', 'alarm_code'], ctx)).toBe(0);
    expect(out.at(-1)).toBe('0 unmapped code(s)');
  });

  it('answers bad values with exit code 2 and the usage', async () => {
    for (const argv of [
      ['dlq', 'list', '--since', 'last tuesday'],
      ['dlq', 'list', '--limit', 'many'],
      ['dlq', 'list', '--status', 'lost'],
      ['dlq', 'unmapped', '--kind', 'colour'],
      ['dlq', 'explode'],
      ['dlq', 'list', 'extra'],
    ]) {
      err = [];
      expect({ argv, code: await runCli(argv, ctx) }).toEqual({ argv, code: 2 });
      expect(err.join('\n')).toMatch(/usage: andon dlq/);
    }
    expect(await runCli(['dlq'], ctx)).toBe(2);
    expect(await runCli(['dlq', '--help'], ctx)).toBe(0);
  });

  it('refuses replay (by id too) without KAFKA_BROKERS, naming the mesh endpoint instead', async () => {
    expect(await runCli(['dlq', 'replay', 'dlq-123'], ctx)).toBe(2);
    expect(err.join('\n')).toMatch(/KAFKA_BROKERS.*POST \/ingest\/v1\/dlq\/replay/);
  });
});
