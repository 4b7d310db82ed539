import { resolve } from 'node:path';
import type { CallReplay, ReplayReport } from '@andon/llm';
import type { CliContext } from '../cli-context';
import { runCli } from '../main';
import { describeReplay } from './replay.command';

function context() {
  const said: string[] = [];
  const ctx: CliContext = {
    env: {},
    rootDir: resolve(__dirname, '../../../..'),
    out: (t) => void said.push(t),
    err: (t) => void said.push(t),
  };
  return { ctx, said };
}

const run = (over: Partial<CallReplay['recorded']> = {}): CallReplay['recorded'] => ({
  promptVersion: 'v1',
  promptHash: 'a'.repeat(64),
  model: 'small-model',
  provider: 'openai',
  outcome: 'llm',
  fallbackReasons: [],
  checks: [{ name: 'schema', passed: true, details: [] }],
  classification: { category: 'dimensional', severity: 'major' },
  citedSourceIds: ['qms:IR-1'],
  text: 'NCR-1 [S0].',
  ...over,
});

describe('andon replay', () => {
  it('refuses a call without an id or with a choice other than recorded or current (exit 2, usage)', async () => {
    for (const argv of [
      ['replay'],
      ['replay', 'a1', '--prompt', 'latest'],
      ['replay', 'a1', 'a2'],
      ['replay', 'a1', '--unknown'],
    ]) {
      const { ctx, said } = context();
      expect(await runCli(argv, ctx)).toBe(2);
      expect(said.join('\n')).toMatch(/usage: andon replay <id>/);
    }
  });

  it('prints what produced the output, both runs and each difference', () => {
    const report: ReplayReport = {
      replay: true,
      subject: { id: 'act-1', kind: 'action.proposed', site: 'plant-a' },
      options: { prompt: 'recorded', model: 'current' },
      problems: [],
      calls: [
        {
          callId: 'call-1',
          useCase: 'ncr-triage',
          site: 'plant-a',
          at: '2026-12-06T10:00:00Z',
          rebuilt: {
            input: {},
            sources: [
              {
                id: 'doc:WI-7@C#4',
                kind: 'procedure',
                revision: 'C',
                chunk: '4',
                contentSha256: 'b'.repeat(64),
                text: 't',
                matchesLedger: false,
              },
            ],
            redactions: { PERSON: 1 },
            parameters: { temperature: 0, maxTokens: 512, jsonSchema: true },
          },
          captureMatchesLedger: true,
          recorded: run(),
          replayed: {
            ...run({
              model: 'small-model-2',
              outcome: 'fallback',
              fallbackReasons: ['uncited-claims'],
              checks: [{ name: 'citations', passed: false, details: [] }],
              classification: { category: 'material', severity: 'major' },
              citedSourceIds: ['doc:WI-7@C#4'],
            }),
            promptChoice: 'recorded',
            modelChoice: 'current',
          },
          differences: {
            same: false,
            classification: [{ field: 'category', recorded: 'dimensional', replayed: 'material' }],
            citations: { added: ['doc:WI-7@C#4'], removed: ['qms:IR-1'] },
            text: '--- recorded\n+++ replayed',
          },
        },
      ],
    };
    const text = describeReplay(report).join('\n');
    expect(text).toContain(
      'replay of action.proposed act-1 (site plant-a) under the recorded prompt and the current model',
    );
    expect(text).toContain(
      'capture: matches the ledger; redactions PERSON 1; temperature 0, max tokens 512, JSON schema grammar',
    );
    expect(text).toContain('sources: doc:WI-7@C#4 (rev C) CHANGED');
    expect(text).toContain(
      'replayed: prompt v1 (aaaaaaaaaaaa), small-model-2 via openai, fallback (uncited-claims); checks failed: citations',
    );
    expect(text).toContain('category: "dimensional" -> "material"');
    expect(text).toContain('cites now: doc:WI-7@C#4');
    expect(text).toContain('no longer cites: qms:IR-1');
  });
});
