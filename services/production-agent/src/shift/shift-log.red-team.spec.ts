import { RecommendationKind } from '@andon/contracts';
import {
  ATTACKS,
  attackSentences,
  leakedAttacks,
  OBEDIENT_MODES,
  ScriptedOpenAiServer,
  type ObedientMode,
} from '@andon/llm/testing';
import { siteId } from '@andon/plant-model';
import { waitFor } from '@andon/testing';
import { ReportSummaryService } from '../reports/report-summary.service';
import { EmbeddedAdapters, deterministicLlm } from '@andon/agent-kit/testing';
import { publishPlantEvents } from '@andon/agent-kit/testing';
import {
  note,
  shiftCounts,
  shiftEnd,
  startProductionAgent,
  type RunningProductionAgent,
} from '../test-support/production-fixtures';

/**
 * Red team at the shift log (the MES payload): operator notes that carry the
 * attack, and a model that obeyed them in its handoff. Nothing it wrote or quoted may
 * reach the mes.post_shift_log proposal (rationale, steps, MES payload) or the handoff
 * recommendation; the notes are withheld, never quoted as watch items.
 */
describe('shift log red team: injected operator notes and an obedient model', () => {
  let server: ScriptedOpenAiServer;
  let adapters: EmbeddedAdapters;
  let agent: RunningProductionAgent;

  beforeAll(async () => {
    server = await ScriptedOpenAiServer.start(() => ({
      kind: 'error',
      status: 500,
      message: 'nothing scripted',
    }));
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    const llmSettings = deterministicLlm({
      LLM_PROVIDER: 'openai',
      LLM_BASE_URL: server.baseUrl,
      LLM_API_KEY: 'k',
      LLM_MODEL_SMALL: 'small-model',
      LLM_MODEL_LARGE: 'large-model',
      LLM_MAX_RETRIES: '0',
    });
    agent = await startProductionAgent(adapters, {
      llmSettings,
      config: { PRODUCTION_SCRAP_SPIKE_RATE: 0.5 },
    });
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  it.each(OBEDIENT_MODES.map((m) => [m]))(
    '%s: no attack reaches the shift-log proposal, its MES payload or the handoff',
    async (mode: ObedientMode) => {
      const sentences = ATTACKS.flatMap((a) => attackSentences(a, mode));
      const notes = ATTACKS.map((a, i) =>
        note(
          `n-${i}`,
          10 + i,
          attackSentences(a, mode)
            .join(' ')
            .replace(/\s*\[S0\]/g, ''),
        ),
      );
      const handoff = {
        summary: `Shift A on plant-a/line-1 ran with notes from the operators [S0]. ${sentences.join(' ')}`,
        downtime: [],
        qualityEvents: [],
        openActions: [],
        watchItems: sentences,
      };
      // The narrative first (left to the rule engine), then the obedient handoff.
      server.enqueue({ kind: 'chat', content: '{}' }, { kind: 'chat', content: JSON.stringify(handoff) });
      await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
        ...shiftCounts(),
        ...notes,
        shiftEnd('se-1', 0, 120),
      ]);
      await waitFor(
        () =>
          agent.recorder.actionsOfType('mes.post_shift_log').length === 1 &&
          agent.recorder.recommendations.some((r) => r.kind === RecommendationKind.SHIFT_HANDOFF),
        {
          timeoutMs: 20_000,
          description: 'the shift-log proposal and the handoff',
        },
      );
      const [post] = agent.recorder.actionsOfType('mes.post_shift_log');
      const rec = agent.recorder.recommendations.find((r) => r.kind === RecommendationKind.SHIFT_HANDOFF);
      const texts = [
        post?.title ?? '',
        post?.rationale ?? '',
        ...(post?.recommendedSteps ?? []),
        post?.mesCall?.payloadJson ?? '',
        rec?.bodyMarkdown ?? '',
        rec?.dataJson ?? '',
      ];
      expect(leakedAttacks(texts, sentences)).toEqual([]);
      // The notes themselves are withheld wherever the handoff would have quoted them.
      const notesText = ATTACKS.flatMap((a) => attackSentences(a, mode)).map((s) =>
        s.replace(/\s*\[S0\]\.?$/, ''),
      );
      for (const t of notesText) expect(texts.join('\n')).not.toContain(t);
      expect(post?.generation).toMatchObject({ deterministicFallback: true, inputFlagged: true });
      expect(post?.mesCall?.payloadJson).toContain('withheld');
      // Steps are the agent's fixed acknowledgement and procedure steps only: no watch item or note is a step.
      expect(post?.recommendedSteps).toEqual([
        'Incoming supervisor: read the handoff and approve to post it to the MES shift log as your acknowledgement.',
      ]);
      // The stored handoff the console's report view shows carries the flag too.
      const summary = await agent.agent.app.get(ReportSummaryService).summary([siteId('plant-a')]);
      expect(summary.handoffs[0]?.generation).toMatchObject({
        inputFlagged: true,
        injectionKinds: expect.arrayContaining(['forbidden-intent']),
      });
    },
  );
});
