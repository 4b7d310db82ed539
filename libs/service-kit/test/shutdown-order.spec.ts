import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { waitFor } from '@andon/testing';

const ROOT = resolve(__dirname, '../../..');

// On SIGTERM a service stops consuming and sweeping and lets in-flight work (a handler,
// a sweep) finish before its own teardown, then its bus and store close, then exits 0 (the order Kubernetes relies on during a rollout).
describe('bootstrapService shutdown on SIGTERM', () => {
  it('drains the application, then closes the ports in order, then exits cleanly', async () => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'fixtures/shutdown-probe.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const ready = await waitFor(() => /ready (\d+) (\d+)/.exec(out) ?? undefined, {
      timeoutMs: 60_000,
      description: `probe ready (stderr: ${err})`,
    });
    const [apiPort, metricsPort] = [Number(ready[1]), Number(ready[2])];
    expect((await fetch(`http://127.0.0.1:${apiPort}/health/live`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
    // The metrics port serves nothing else.
    expect((await fetch(`http://127.0.0.1:${metricsPort}/health/live`)).status).toBe(404);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const steps = out
      .split('\n')
      .filter((line) =>
        [
          'sweep drained',
          'in-flight handler drained',
          'service teardown',
          'bus closed',
          'store closed',
        ].includes(line),
      );
    // A running sweep and an in-flight handler both finish before the service tears down; then the ports close.
    expect(steps.slice(2)).toEqual(['service teardown', 'bus closed', 'store closed']);
    expect([...steps.slice(0, 2)].sort()).toEqual(['in-flight handler drained', 'sweep drained']);
    await expect(fetch(`http://127.0.0.1:${apiPort}/health/live`)).rejects.toThrow();
  }, 90_000);
});
