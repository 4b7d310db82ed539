import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './main';
import type { CliContext } from './cli-context';

function context(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    env,
    rootDir: resolve(__dirname, '../../..'),
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  };
  return { ctx, out, err };
}

describe('andon CLI', () => {
  it('prints usage and exits 2 for an unknown group', async () => {
    const { ctx, err } = context();
    expect(await runCli(['frobnicate'], ctx)).toBe(2);
    expect(err.join('\n')).toMatch(/unknown command group "frobnicate"[\s\S]*usage: andon/);
    const help = context();
    expect(await runCli(['--help'], help.ctx)).toBe(0);
    expect(help.out.join('\n')).toMatch(/usage: andon/);
  });

  it('answers an unknown flag of any command with its usage and exit code 2 (one parser: util.parseArgs)', async () => {
    for (const argv of [
      ['dlq', 'list', '--bogus'],
      ['ledger', 'verify', '--bogus'],
      ['policy', 'shadow-report', '--bogus'],
      ['prompts', 'list', '--bogus'],
      ['eval', '--bogus'],
      ['model', 'serve', '--bogus'],
    ]) {
      const { ctx, err } = context({ ANDON_DATA_DIR: mkdtempSync(join(tmpdir(), 'andon-cli-')) });
      expect({ argv, code: await runCli(argv, ctx) }).toEqual({ argv, code: 2 });
      expect(err.join('\n')).toMatch(/Unknown option '--bogus'[\s\S]*usage: andon/);
    }
  });

  it('refuses an unknown subcommand even with --help, so a documented typo cannot pass the doc-test', async () => {
    for (const argv of [
      ['dlq', 'explode', '--help'],
      ['ledger', 'explode', '--help'],
      ['policy', 'explode', '--help'],
      ['prompts', 'explode', '--help'],
      ['model', 'explode', '--help'],
      ['eval', 'explode', '--help'],
    ]) {
      const { ctx } = context();
      expect({ argv, code: await runCli(argv, ctx) }).toEqual({ argv, code: 2 });
    }
  });

  it('lists prompts with their active versions from the repository', async () => {
    const { ctx, out } = context();
    expect(await runCli(['prompts', 'list'], ctx)).toBe(0);
    expect(out.join('\n')).toMatch(/ncr-triage/);
    expect(out.join('\n')).toMatch(/shift-handoff/);
  });

  it('lists dead letters from an empty embedded store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'andon-cli-'));
    const { ctx, out } = context({ ANDON_DATA_DIR: dataDir });
    expect(await runCli(['dlq', 'list', '--json'], ctx)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual([]);
  });

  it('refuses a dlq replay on the embedded bus with a clear reason', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'andon-cli-'));
    const { ctx, err } = context({ ANDON_DATA_DIR: dataDir });
    expect(await runCli(['dlq', 'replay'], ctx)).toBe(2);
    expect(err.join('\n')).toMatch(/KAFKA_BROKERS/);
  });
});
