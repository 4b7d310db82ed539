import type { GenerationInfo } from '@andon/llm';
import { askJson } from './hit-json';

const generation = (flags: Partial<GenerationInfo>): GenerationInfo => ({
  promptId: 'operator-qa@deterministic',
  promptVersion: 'det-2',
  promptHash: 'h',
  model: 'deterministic',
  provider: 'deterministic',
  tier: 'none',
  tokensIn: 0,
  tokensOut: 0,
  costUsd: 0,
  latencyMs: 0,
  sourceIds: [],
  citedSourceIds: [],
  citations: {},
  deterministic: true,
  attempts: 0,
  ...flags,
});

describe('askJson: what the console reads of an answer', () => {
  const result = (g: GenerationInfo) => ({
    answered: true,
    answerMarkdown: 'a',
    citations: [],
    generation: g,
    unansweredReason: null,
    escalated: false,
  });

  it('says when text behind the answer was flagged, and as what (never the text), so the console warns on it', () => {
    expect(
      askJson(result(generation({ inputFlagged: true, injectionKinds: ['ignore-instructions'] }))).generation,
    ).toMatchObject({ inputFlagged: true, injectionKinds: ['ignore-instructions'] });
  });

  it('says nothing of flags on a clean answer', () => {
    expect(askJson(result(generation({ inputFlagged: false }))).generation).not.toHaveProperty(
      'inputFlagged',
    );
  });
});
