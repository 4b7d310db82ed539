import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVersions, PromptFormatError, sha256 } from './prompt-file';
import { PromptIntegrityError, PromptNotFoundError, PromptRegistry } from './prompt-registry';

const promptText = (body: string, temperature = 0.1) =>
  `---\ndescription: test prompt\ntask: classify\noutputSchema: ncr-triage.v1\ntemperature: ${temperature}\n---\n${body}\n`;

// The `andon prompts` command over this registry (gate, output) is tested in tools/cli.
describe('PromptRegistry', () => {
  let dir: string;
  const now = new Date('2025-01-01T00:00:00Z');
  const gate = { status: 'not-configured' as const };

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

  it('activates, rolls back to the previous activation, twice, and persists the history', () => {
    const registry = new PromptRegistry(dir);
    registry.activate('triage', 'v1', 'staging', { by: 'tester', reason: 'initial', now, gate });
    registry.activate('triage', 'v2', 'staging', { by: 'alice', reason: undefined, now, gate });
    registry.activate('triage', 'v10', 'staging', { by: 'tester', reason: undefined, now, gate });
    expect(registry.rollback('triage', 'staging', { by: 'tester', reason: 'regression', now }).version).toBe(
      'v2',
    );
    expect(registry.rollback('triage', 'staging', { by: 'tester', reason: undefined, now }).version).toBe(
      'v1',
    );
    expect(() => registry.rollback('triage', 'staging', { by: 'tester', reason: undefined, now })).toThrow(
      PromptNotFoundError,
    );
    const fresh = new PromptRegistry(dir);
    expect(fresh.activeVersion('triage', 'staging')).toBe('v1');
    expect(fresh.activeVersion('triage', 'production')).toBeUndefined();
    expect(fresh.history('triage', 'staging').map((e) => `${e.action}:${e.version}`)).toEqual([
      'activate:v1',
      'activate:v2',
      'activate:v10',
      'rollback:v2',
      'rollback:v1',
    ]);
    expect(readFileSync(join(dir, 'active.yaml'), 'utf8')).toContain('reason: regression');
  });

  it('refuses a prompt edited in place after activation', () => {
    new PromptRegistry(dir).activate('triage', 'v1', 'staging', {
      by: 'tester',
      reason: undefined,
      now,
      gate,
    });
    writeFileSync(join(dir, 'triage', 'v1.md'), promptText('Classify the NCR. (edited)'));
    expect(() => new PromptRegistry(dir).active('triage', 'staging')).toThrow(PromptIntegrityError);
  });

  it('diffs two versions', () => {
    const out = new PromptRegistry(dir).diff('triage', 'v1', 'v2');
    expect(out).toContain('-Classify the NCR.');
    expect(out).toContain('+Classify the NCR carefully.');
    expect(out).toContain(' Cite sources.');
    expect(out).toContain('"temperature":0.2');
  });

  it('rejects bad front-matter and path tricks', () => {
    writeFileSync(join(dir, 'triage', 'v3.md'), '---\ndescription: x\ntask: dance\n---\nbody');
    expect(() => new PromptRegistry(dir).load('triage', 'v3')).toThrow(PromptFormatError);
    expect(() => new PromptRegistry(dir).load('triage', '../triage/v1')).toThrow(PromptNotFoundError);
  });
});

describe('the repository prompts', () => {
  it('every seed prompt parses and every environment in active.yaml resolves with a matching hash', () => {
    const registry = new PromptRegistry(join(__dirname, '../../../../prompts'));
    const useCases = registry.listUseCases();
    expect(useCases).toEqual(
      expect.arrayContaining([
        'ncr-triage',
        'maintenance-proposal',
        'schedule-risk',
        'shift-handoff',
        'production-narrative',
        'root-cause',
        'operator-qa',
        'compliance-check',
      ]),
    );
    for (const uc of useCases) {
      for (const v of registry.listVersions(uc)) expect(registry.load(uc, v).id).toBe(`${uc}@${v}`);
      for (const env of ['development', 'production']) expect(registry.active(uc, env).useCase).toBe(uc);
    }
  });
});
