import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PromptNotFoundError, PromptRegistry } from '@andon/llm';
import type { ActivationGate } from '@andon/llm/cli';
import { UsageError } from '../args';
import { runPrompts } from './prompts.command';

const promptText = (body: string, temperature = 0.1) =>
  `---\ndescription: test prompt\ntask: classify\noutputSchema: ncr-triage.v1\ntemperature: ${temperature}\n---\n${body}\n`;

describe('andon prompts', () => {
  let dir: string;
  const cli = (args: string, gate?: ActivationGate) =>
    runPrompts(args.split(' '), {
      promptsDir: dir,
      defaultEnv: 'staging',
      defaultActor: 'tester',
      now: () => new Date('2025-01-01T00:00:00Z'),
      ...(gate ? { gate } : {}),
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'andon-prompts-'));
    mkdirSync(join(dir, 'triage'));
    writeFileSync(join(dir, 'triage', 'v1.md'), promptText('Classify the NCR.\nCite sources.'));
    writeFileSync(
      join(dir, 'triage', 'v2.md'),
      promptText('Classify the NCR carefully.\nCite sources.', 0.2),
    );
    writeFileSync(join(dir, 'triage', 'v10.md'), promptText('Newest.'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('activates, rolls back twice, and lists the active version', async () => {
    await cli('activate triage v1 --reason initial');
    await cli('activate triage v2 --by alice');
    await cli('activate triage v10 --env=staging');
    expect(await cli('rollback triage --reason regression')).toBe('triage rolled back in staging: v10 -> v2');
    expect(await cli('rollback triage')).toBe('triage rolled back in staging: v2 -> v1');
    await expect(cli('rollback triage')).rejects.toBeInstanceOf(PromptNotFoundError);
    expect(await cli('list')).toContain('triage                 v1* v2 v10');
    expect(await cli('list --env production')).toContain('triage                 v1 v2 v10  (none active)');
    expect(await cli('history triage')).toMatch(/activate v2 {5}by alice/);
  });

  it('shows and diffs versions', async () => {
    expect(await cli('show triage v2')).toMatch(/^triage@v2 sha256=[0-9a-f]{64}/);
    const out = await cli('diff triage v1 v2');
    expect(out).toContain('-Classify the NCR.');
    expect(out).toContain('+Classify the NCR carefully.');
    expect(out).toContain('"temperature":0.2');
  });

  it('runs the evaluation gate: refuses on failure, records an explicit override', async () => {
    const failing: ActivationGate = async () => ({ passed: false, summary: 'accuracy 0.50 < 0.90' });
    await expect(cli('activate triage v2', failing)).rejects.toThrow(
      /evaluation gate failed.*accuracy 0.50/s,
    );
    await expect(cli('activate triage v2 --force', failing)).rejects.toThrow(/needs --reason/);
    await cli('activate triage v2 --force --reason hotfix-approved-by-QA', failing);
    const [event] = new PromptRegistry(dir).history('triage', 'staging');
    expect(event).toMatchObject({
      version: 'v2',
      reason: 'hotfix-approved-by-QA',
      gate: { status: 'overridden', summary: 'accuracy 0.50 < 0.90' },
    });
    expect(await cli('activate triage v1', async () => ({ passed: true, summary: 'ok' }))).toMatch(
      /triage@v1 active in staging .*gate passed/,
    );
  });

  it('answers unknown commands, missing arguments and stray flags with usage errors', async () => {
    await expect(cli('explode')).rejects.toBeInstanceOf(UsageError);
    await expect(cli('show')).rejects.toThrow(/missing use case/);
    await expect(cli('list --env')).rejects.toBeInstanceOf(UsageError);
    await expect(cli('list --force=yes')).rejects.toBeInstanceOf(UsageError);
    expect(await cli('help')).toMatch(/^usage: andon prompts/);
  });
});
