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
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
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
        // The child's values are bare ids.
        const inLog: string[] = [];
        const resumedIds: string[] = [];
        const recorder =
          (into: string[]): MessageHandler =>
          async (value) => {
            into.push(Buffer.from(value).toString());
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
          handler: recorder(resumedIds),
          partitionsConsumedConcurrently: 4,
        });
        const lagOf = (group: string): number =>
          bus
            .groupLag()
            .filter((l) => l.groupId === group)
            .reduce((sum, l) => sum + l.lag, 0);
        await waitFor(() => lagOf('audit') === 0 && lagOf('g') === 0, {
          timeoutMs: 10_000,
          description: 'both groups caught up',
        });

        // Each publish resolved at most once per id; the log holds each written id once.
        expect(new Set(inLog).size).toBe(inLog.length);
        const missing = [...run.published].filter((id) => !inLog.includes(id));
        expect(missing).toEqual([]);
        // Records written but not yet reported (killed between commit and print) may exist; nothing else.
        expect(inLog.every((id) => /^p[0-3]-b\d+-\d$/.test(id))).toBe(true);

        // The group lost nothing: what the child handled plus what it handles now covers the log.
        const handledOnce = new Set([...run.handled, ...resumedIds]);
        expect(inLog.filter((id) => !handledOnce.has(id))).toEqual([]);
        // It resumed from its committed positions, not from the start: redeliveries are the
        // records handled after the last commit (at most one commit interval's worth).
        const redelivered = resumedIds.filter((id) => run.handled.includes(id));
        expect(redelivered.length).toBeLessThan(Math.max(run.handled.length, 1));
        if (run.handled.length > 200) expect(redelivered.length).toBeLessThan(run.handled.length / 2);
      } finally {
        await bus.close();
      }
    },
    60_000,
  );
});
