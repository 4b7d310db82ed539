import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@andon/testing';
import type { MessageHandler } from '../event-bus.port';
import { silentLogger } from '../contract/contract-kit';
import { SqliteEventBus } from './sqlite-event-bus';

const ROOT = resolve(__dirname, '../../../..');
const CHILD = 'libs/bus/src/sqlite/test-support/crash-child.ts';

interface ChildRun {
  published: Set<string>;
  handled: string[];
}

/** Runs the child until `killAfter` publishes resolved, then SIGKILLs it mid-stream. */
async function runAndKill(file: string, killAfter: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: ChildRun = { published: new Set(), handled: [] };
  let stderr = '';
  let rest = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': the output written before the kill is still being read after the process ended.
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('P ')) run.published.add(line.slice(2));
      else if (line.startsWith('H ')) run.handled.push(line.slice(2));
    }
    if (run.published.size >= killAfter) child.kill('SIGKILL');
  });
  await Promise.race([
    exited,
    waitFor(() => child.exitCode !== null || child.signalCode !== null, {
      timeoutMs: 30_000,
      description: `child killed after ${killAfter} publishes`,
    }),
  ]);
  await exited;
  if (child.signalCode !== 'SIGKILL') throw new Error(`child ended without being killed: ${stderr}`);
  return run;
}

describe('SqliteEventBus after SIGKILL', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'andon-sqlite-bus-crash-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([150, 1_500])(
    'keeps every resolved publish and resumes the group from its commit (killed after %i publishes)',
    async (killAfter) => {
      const file = join(dir, 'bus.sqlite');
      const run = await runAndKill(file, killAfter);
      expect(run.published.size).toBeGreaterThanOrEqual(killAfter);

      const bus = new SqliteEventBus({ file, logger: silentLogger(), retentionIntervalMs: 0 });
      try {
        // What the child committed for 'g' before it died, per partition.
        const committed = new Map(
          bus
            .groupLag()
            .filter((l) => l.groupId === 'g')
            .map((l) => [l.partition, l.committed]),
        );
        // The child's values are bare ids.
        const inLog: Array<{ id: string; partition: number; offset: number }> = [];
        const resumed: typeof inLog = [];
        const recorder =
          (into: typeof inLog): MessageHandler =>
          async (value, ctx) => {
            into.push({
              id: Buffer.from(value).toString(),
              partition: ctx.partition,
              offset: Number(ctx.offset),
            });
          };
        await bus.subscribe({
          groupId: 'audit',
          topics: ['t'],
          handler: recorder(inLog),
          partitionsConsumedConcurrently: 4,
        });
        await bus.subscribe({
          groupId: 'g',
          topics: ['t'],
          handler: recorder(resumed),
          partitionsConsumedConcurrently: 4,
        });
        const lagOf = (group: string): number =>
          bus
            .groupLag()
            .filter((l) => l.groupId === group)
            .reduce((sum, l) => sum + l.lag, 0);
        await waitFor(() => lagOf('audit') === 0 && lagOf('g') === 0, {
          timeoutMs: 20_000,
          description: 'both groups caught up',
        });

        const ids = inLog.map((r) => r.id);
        // Each publish resolved at most once per id; the log holds each written id once.
        expect(new Set(ids).size).toBe(ids.length);
        expect([...run.published].filter((id) => !ids.includes(id))).toEqual([]);
        // Records written but not yet reported (killed between commit and print) may exist; nothing else.
        expect(ids.every((id) => /^p[0-3]-b\d+-\d$/.test(id))).toBe(true);

        // 'g' resumed exactly at its committed positions: it now handles precisely the records
        // at or after them, and the child had handled every record before them.
        const fromCommit = (r: { partition: number; offset: number }): boolean =>
          r.offset >= (committed.get(r.partition) ?? 0);
        expect(resumed.map((r) => r.id).sort()).toEqual(
          inLog
            .filter(fromCommit)
            .map((r) => r.id)
            .sort(),
        );
        const handledByChild = new Set(run.handled);
        expect(inLog.filter((r) => !fromCommit(r) && !handledByChild.has(r.id))).toEqual([]);
      } finally {
        await bus.close();
      }
    },
    60_000,
  );

  it('lets a process with nothing else to do finish closing the bus (no exit half-way)', async () => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', CHILD, join(dir, 'bus.sqlite'), 'close'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('close', (c) => done(c)));
    expect({ code, out }).toEqual({ code: 0, out: 'CLOSED\n' });
  }, 60_000);
});
