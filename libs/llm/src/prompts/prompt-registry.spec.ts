import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPromptCli, PromptCliError } from './prompt-cli';
import { compareVersions, PromptFormatError, sha256 } from './prompt-file';
import { PromptIntegrityError, PromptNotFoundError, PromptRegistry } from './prompt-registry';

const promptText = (body: string, temperature = 0.1) =>
  `---\ndescription: test prompt\ntask: classify\noutputSchema: ncr-triage.v1\ntemperature: ${temperature}\n---\n${body}\n`;

describe('PromptRegistry and the prompts CLI', () => {
  let dir: string;
  const cli = (args: string, gate?: Parameters<typeof runPromptCli>[1]['gate']) =>
    runPromptCli(args.split(' '), { promptsDir: dir, defaultEnv: 'staging', defaultActor: 'tester', now: () => new Date('2025-01-01T00:00:00Z'), ...(gate ? { gate } : {}) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'andon-prompts-'));
    mkdirSync(join(dir, 'triage'));
    writeFileSync(join(dir, 'triage', 'v1.md'), promptText('Classify the NCR.\nCite sources.'));
    writeFileSync(join(dir, 'triage', 'v2.md'), promptText('Classify the NCR carefully.\nCite sources.', 0.2));
    writeFileSync(join(dir, 'triage', 'v10.md'), promptText('Newest.'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists versions in natural order and loads with id and content hash', () => {
    const registry = new PromptRegistry(dir);
    expect(registry.listUseCases()).toEqual(['triage']);
    expect(registry.listVersions('triage')).toEqual(['v1', 'v2', 'v10']);
    const p = registry.load('triage', 'v2');
    expect(p.id).toBe('triage@v2');
    expect(p.frontMatter).toMatchObject({ task: 'classify', tier: 'auto', temperature: 0.2 });
    expect(p.sha256).toBe(sha256(readFileSync(join(dir, 'triage', 'v2.md'), 'utf8')));
    expect(compareVersions('v1.1', 'v1')).toBeGreaterThan(0);
  });

  it('activates, rolls back to the previous activation, twice, and persists the history', async () => {
    await cli('activate triage v1 --reason initial');
    await cli('activate triage v2 --by alice');
    await cli('activate triage v10');
    expect(await cli('rollback triage --reason regression')).toBe('triage rolled back in staging: v10 -> v2');
    expect(await cli('rollback triage')).toBe('triage rolled back in staging: v2 -> v1');
    await expect(cli('rollback triage')).rejects.toBeInstanceOf(PromptNotFoundError);
    const fresh = new PromptRegistry(dir);
    expect(fresh.activeVersion('triage', 'staging')).toBe('v1');
    expect(fresh.activeVersion('triage', 'production')).toBeUndefined();
    expect(fresh.history('triage', 'staging').map((e) => `${e.action}:${e.version}`)).toEqual([
      'activate:v1', 'activate:v2', 'activate:v10', 'rollback:v2', 'rollback:v1',
    ]);
    expect(readFileSync(join(dir, 'active.yaml'), 'utf8')).toContain('reason: regression');
    expect(await cli('list')).toContain('triage                 v1* v2 v10');
  });

  it('refuses a prompt edited in place after activation', async () => {
    await cli('activate triage v1');
    writeFileSync(join(dir, 'triage', 'v1.md'), promptText('Classify the NCR. (edited)'));
    expect(() => new PromptRegistry(dir).active('triage', 'staging')).toThrow(PromptIntegrityError);
  });

  it('diffs two versions', async () => {
    const out = await cli('diff triage v1 v2');
    expect(out).toContain('-Classify the NCR.');
    expect(out).toContain('+Classify the NCR carefully.');
    expect(out).toContain(' Cite sources.');
    expect(out).toContain('"temperature":0.2');
  });

  it('runs the evaluation gate: refuses on failure, records an explicit override', async () => {
    const failing = async () => ({ passed: false, summary: 'accuracy 0.50 < 0.90' });
    await expect(cli('activate triage v2', failing)).rejects.toThrow(/evaluation gate failed.*accuracy 0.50/s);
    await expect(cli('activate triage v2 --force', failing)).rejects.toThrow(/needs --reason/);
    await cli('activate triage v2 --force --reason hotfix-approved-by-QA', failing);
    const [event] = new PromptRegistry(dir).history('triage', 'staging');
    expect(event).toMatchObject({ version: 'v2', reason: 'hotfix-approved-by-QA', gate: { status: 'overridden', summary: 'accuracy 0.50 < 0.90' } });
    await cli('activate triage v1', async () => ({ passed: true, summary: 'ok' }));
    expect(new PromptRegistry(dir).history('triage', 'staging')[1]?.gate?.status).toBe('passed');
  });

  it('rejects bad front-matter, unknown commands and path tricks', async () => {
    writeFileSync(join(dir, 'triage', 'v3.md'), '---\ndescription: x\ntask: dance\n---\nbody');
    expect(() => new PromptRegistry(dir).load('triage', 'v3')).toThrow(PromptFormatError);
    expect(() => new PromptRegistry(dir).load('triage', '../triage/v1')).toThrow(PromptNotFoundError);
    await expect(cli('explode')).rejects.toBeInstanceOf(PromptCliError);
  });
});

describe('the repository prompts', () => {
  it('every seed prompt parses and every environment in active.yaml resolves with a matching hash', () => {
    const registry = new PromptRegistry(join(__dirname, '../../../../prompts'));
    const useCases = registry.listUseCases();
    expect(useCases).toEqual(expect.arrayContaining(['ncr-triage', 'maintenance-proposal', 'schedule-risk', 'shift-handoff', 'production-narrative', 'root-cause', 'operator-qa', 'compliance-check']));
    for (const uc of useCases) {
      for (const v of registry.listVersions(uc)) expect(registry.load(uc, v).id).toBe(`${uc}@${v}`);
      for (const env of ['development', 'production']) expect(registry.active(uc, env).useCase).toBe(uc);
    }
  });
});
