import { resolve } from 'node:path';
import type { CliContext } from '../cli-context';
import { runCli } from '../main';

function context(env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    env,
    rootDir: resolve(__dirname, '../../../..'),
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  };
  return { ctx, out, err };
}

// Serving itself is exercised over HTTP by libs/local-model/test/model-server.int-spec.ts
// (Jest's module sandbox cannot load the ESM-only runtime in process).
describe('andon model', () => {
  it('prints its usage, and exits 2 for an unknown command', async () => {
    const help = context();
    expect(await runCli(['model'], help.ctx)).toBe(0);
    expect(help.out.join('\n')).toMatch(/andon model serve/);
    const wrong = context();
    expect(await runCli(['model', 'train'], wrong.ctx)).toBe(2);
  });

  it('refuses to listen beyond loopback without an API key, before loading anything', async () => {
    const { ctx, err } = context({ ANDON_MODEL_HOST: '0.0.0.0', ANDON_MODEL_PATH: '/nonexistent.gguf' });
    expect(await runCli(['model', 'serve'], ctx)).toBe(1);
    expect(err.join('\n')).toMatch(/ANDON_MODEL_API_KEY is required/);
  });

  it('names the bad variable when a bound is not a number', async () => {
    const { ctx, err } = context({ ANDON_MODEL_QUEUE_LIMIT: 'many', ANDON_MODEL_PATH: '/nonexistent.gguf' });
    expect(await runCli(['model', 'serve'], ctx)).toBe(1);
    expect(err.join('\n')).toMatch(/ANDON_MODEL_QUEUE_LIMIT/);
  });
});
