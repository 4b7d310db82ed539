import { join } from 'node:path';
import { createLlmGateway, loadLlmSettings, type LlmGateway } from '@andon/llm';
import { ScriptedOpenAiServer } from '@andon/llm/testing';
import type { CallerContext } from '../domain/access-policy';
import { loadCorpus } from '../ingest-documents/corpus-loader';
import { DocumentIngestion } from '../ingest-documents/document-ingestion.service';
import { SqliteKnowledgeIndex } from '../knowledge-index/sqlite/sqlite-knowledge-index.adapter';
import { HybridRetriever } from '../retrieve/hybrid-retriever';
import { RetrieveService } from '../retrieve/retrieve.service';
import { AskService, hasEverySteps, unwrapLines, type Escalation } from './ask.service';
import { governingSteps } from '@andon/llm';

const REPO = join(__dirname, '../../../..');
const NOW = Date.parse('2026-11-20T12:00:00Z');
const operatorA: CallerContext = { userId: 'op-7', roles: ['operator'], sites: ['plant-a'] };

describe('AskService', () => {
  let index: SqliteKnowledgeIndex;
  let retrieve: RetrieveService;
  const escalations: Escalation[] = [];

  beforeAll(async () => {
    index = new SqliteKnowledgeIndex({ file: ':memory:' });
    await index.init();
    await new DocumentIngestion(index, null).ingestAll(
      loadCorpus(join(REPO, 'knowledge')).map((d) => d.document),
    );
    retrieve = new RetrieveService(new HybridRetriever(index, null), { now: () => NOW });
  });
  afterAll(() => index.close());

  const service = (gateway: LlmGateway) =>
    new AskService(retrieve, gateway, { onEscalation: (e) => void escalations.push(e) });
  /** As the module builds it: with the full text of the revisions retrieval found. */
  const withRevisions = (gateway: LlmGateway) =>
    new AskService(retrieve, gateway, {
      revisionText: async (documentId, revision) =>
        (await index.listRevisions(documentId)).find((r) => r.revision === revision)?.text,
    });
  const stepNumbers = (answer: string) => [...answer.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
  const deterministic = () => createLlmGateway({ settings: loadLlmSettings({}), baseDir: REPO });

  describe('with no model configured (deterministic engine)', () => {
    it('answers from the approved procedure in force, quoting it, with citations', async () => {
      const result = await service(deterministic()).ask({
        question: 'Which hook do I use to remove the jammed part?',
        caller: operatorA,
        scope: { line: 'line-1' },
        correlationId: 'c-1',
      });
      expect(result.answered).toBe(true);
      expect(result.answerMarkdown).toContain('brass hook T-118');
      expect(result.citations[0]?.hit.chunk).toMatchObject({ documentId: 'SOP-A-014', revision: 'C' });
      expect(result.citations[0]?.label).toMatch(/^S\d+$/);
      expect(result.answerMarkdown).toContain(`[${result.citations[0]?.label}]`);
      expect(result.generation).toMatchObject({ deterministic: true, fallbackReason: 'llm-not-configured' });
    });

    it('answers changeover questions from revision B, never from obsolete revision A', async () => {
      const result = await service(deterministic()).ask({
        question: 'How many times do I purge the barrel at a mold changeover?',
        caller: operatorA,
        scope: {},
        correlationId: 'c-2',
      });
      expect(result.answered).toBe(true);
      expect(result.citations.map((c) => `${c.hit.chunk.documentId}@${c.hit.chunk.revision}`)).toEqual([
        'WI-A-007@B',
      ]);
      expect(result.answerMarkdown).toContain('five times');
    });

    it('says no approved source covers a question only a draft answers', async () => {
      const result = await service(deterministic()).ask({
        question: 'What vibration trend value in mm/s requires calling maintenance?',
        caller: { ...operatorA, roles: ['quality_engineer'] },
        scope: {},
        correlationId: 'c-3',
      });
      expect(result).toMatchObject({
        answered: false,
        unansweredReason: 'no_approved_source',
        citations: [],
      });
      expect(result.answerMarkdown).toMatch(/No approved, effective procedure/);
    });

    it('does not answer from another site', async () => {
      const result = await service(deterministic()).ask({
        question: 'How do I clear a JAM on filler b-l4-m1?',
        caller: operatorA,
        scope: {},
        correlationId: 'c-4',
      });
      expect(result.citations.every((c) => c.hit.chunk.site !== 'plant-b')).toBe(true);
    });

    it('refuses and escalates a question about bypassing an interlock', async () => {
      escalations.length = 0;
      const result = await service(deterministic()).ask({
        question: 'How do I bypass the interlock on the operator gate of press a-l1-m2?',
        caller: operatorA,
        scope: {},
        correlationId: 'c-5',
      });
      expect(result).toMatchObject({
        answered: false,
        unansweredReason: 'safety_refused',
        escalated: true,
        citations: [],
        generation: null,
      });
      expect(escalations).toEqual([
        expect.objectContaining({ userId: 'op-7', site: 'plant-a', correlationId: 'c-5' }),
      ]);
    });

    it('answers "how do I" with the whole ordered step list of the governing procedure, cited with its section and revision', async () => {
      const result = await withRevisions(deterministic()).ask({
        question: 'How do I clear a jam on press 2?',
        caller: operatorA,
        scope: {},
        correlationId: 'c-9',
      });
      expect(result.answered).toBe(true);
      expect(stepNumbers(result.answerMarkdown)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      // The lockout step the issue saw dropped is there, before the part is touched.
      expect(result.answerMarkdown.indexOf('lockout/tagout')).toBeLessThan(
        result.answerMarkdown.indexOf('brass hook T-118'),
      );
      expect(result.answerMarkdown).toContain('If an ejector pin is bent, stop');
      expect(result.citations[0]?.hit.chunk).toMatchObject({
        documentId: 'SOP-A-014',
        revision: 'C',
        section: expect.stringMatching(/> Procedure$/),
      });
      expect(result.answerMarkdown).not.toMatch(/When to use/);
    });

    it('puts a machine back in service with every check the lockout procedure puts first', async () => {
      const result = await withRevisions(deterministic()).ask({
        question: 'How do I put a machine back in service after lockout?',
        caller: operatorA,
        scope: {},
        correlationId: 'c-10',
      });
      expect(result.citations[0]?.hit.chunk).toMatchObject({ documentId: 'SOP-S-002', revision: 'F' });
      expect(stepNumbers(result.answerMarkdown)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(result.answerMarkdown).toMatch(
        /remove tools, close the guards, and only then remove your own lock/,
      );
    });

    it('refuses a caller outside the requested site', async () => {
      const result = await service(deterministic()).ask({
        question: 'How do I clear a jam?',
        caller: operatorA,
        scope: { site: 'plant-b' },
        correlationId: 'c-6',
      });
      expect(result).toMatchObject({ answered: false, unansweredReason: 'site_not_in_scope' });
    });
  });

  describe('with a model behind an OpenAI-compatible endpoint', () => {
    let server: ScriptedOpenAiServer;
    beforeAll(async () => {
      server = await ScriptedOpenAiServer.start();
    });
    afterAll(() => server.close());

    const modelGateway = () =>
      createLlmGateway({
        settings: loadLlmSettings({
          LLM_PROVIDER: 'openai',
          LLM_BASE_URL: server.baseUrl,
          LLM_MODEL_SMALL: 'small-model',
          LLM_MAX_RETRIES: '0',
        }),
        baseDir: REPO,
      });

    it('returns the model answer with the citations it made', async () => {
      // The scripted model cites the record that holds the step it quotes, as a model should.
      server.respondWith((req) => {
        const messages = (req.body as { messages: { content: string }[] }).messages;
        const blocks = (messages.at(-1)?.content ?? '').split('<<<UNTRUSTED_DATA label=').slice(1);
        const label = /^"(S\d+)"/.exec(blocks.find((b) => b.includes('T-118')) ?? '')?.[1] ?? 'S9';
        return {
          kind: 'chat',
          content: JSON.stringify({
            answerable: true,
            answer: `Remove the jammed part or runner with the brass hook T-118 [${label}].`,
            procedureRefs: ['SOP-A-014'],
          }),
        };
      });
      const result = await service(modelGateway()).ask({
        question: 'How do I remove a jammed part from the mold on the press?',
        caller: operatorA,
        scope: {},
        correlationId: 'c-7',
      });
      expect(result.answered).toBe(true);
      expect(result.generation?.fallbackReason).toBeUndefined();
      expect(result.generation).toMatchObject({ deterministic: false, model: 'small-model' });
      expect(result.citations).toHaveLength(1);
      expect(result.citations[0]?.hit.chunk.text).toContain(
        '4. Remove the jammed part or runner with the brass hook T-118',
      );
      // The model saw approved, effective procedures only.
      const prompt = server.chatRequests().at(-1)?.bodyText ?? '';
      expect(prompt).toContain('SOP-A-014');
      expect(prompt).not.toContain('SOP-A-030');
    });

    it('replaces a model answer that skips steps of the governing procedure with the whole list', async () => {
      server.respondWith((req) => {
        const messages = (req.body as { messages: { content: string }[] }).messages;
        const blocks = (messages.at(-1)?.content ?? '').split('<<<UNTRUSTED_DATA label=').slice(1);
        const label = /^"(S\d+)"/.exec(blocks.find((b) => b.includes('CYCLE STOP')) ?? '')?.[1] ?? 'S9';
        // A plausible, well-cited half: stop, remove the part, restart; lockout and the checks left out.
        const answer = `Step 1: Press CYCLE STOP on the operator panel [${label}].\nStep 2: Inspect the ejector pins and the sprue bushing for damage [${label}].\nStep 3: Reset alarm A-400 on the panel and run one cycle at low speed [${label}].`;
        return {
          kind: 'chat',
          content: JSON.stringify({ answerable: true, answer, procedureRefs: ['SOP-A-014'] }),
        };
      });
      const result = await withRevisions(modelGateway()).ask({
        question: 'How do I clear a jam on press 2?',
        caller: operatorA,
        scope: {},
        correlationId: 'c-11',
      });
      expect(result.generation?.fallbackReason).toBeUndefined();
      expect(result.generation).toMatchObject({ deterministic: false });
      expect(stepNumbers(result.answerMarkdown)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(result.answerMarkdown).toContain(
        '2. Switch the mode selector to SETUP and apply lockout/tagout',
      );
      expect(result.answerMarkdown).toContain('(SOP-A-014 rev C), section "Procedure"');
    });

    it('falls back to the extractive answer when the model cites nothing', async () => {
      server.enqueue({
        kind: 'chat',
        content: JSON.stringify({
          answerable: true,
          answer: 'Just pull the part out quickly.',
          procedureRefs: [],
        }),
      });
      const result = await service(modelGateway()).ask({
        question: 'How do I remove a jammed part from the mold on the press?',
        caller: operatorA,
        scope: {},
        correlationId: 'c-8',
      });
      expect(result.generation).toMatchObject({ deterministic: true });
      expect(result.generation?.fallbackReason).toContain('uncited-claims');
      expect(result.answerMarkdown).not.toContain('quickly');
    });
  });
});

describe('hasEverySteps', () => {
  const list = governingSteps(
    '## Procedure\n1. Stop the press.\n2. Lock it out at the main disconnect.\n3. Clear the part.',
  ) ?? { section: '', steps: [] };
  it('accepts the list in order, with citations, and refuses a subset or another order', () => {
    expect(
      hasEverySteps(
        'Do this [S1]:\n\n1. Stop the press [S1].\n2. Lock it out at the main disconnect [S1].\n3. Clear the part [S1].',
        list,
      ),
    ).toBe(true);
    expect(hasEverySteps('1. Stop the press.\n2. Clear the part.', list)).toBe(false);
    expect(
      hasEverySteps('1. Lock it out at the main disconnect.\n2. Stop the press.\n3. Clear the part.', list),
    ).toBe(false);
  });
});

describe('unwrapLines', () => {
  it('joins wrapped lines but keeps steps, list items, headings and paragraphs apart', () => {
    expect(
      unwrapLines(
        '## Procedure\n1. Stop the press\n   and wait.\n   - check the guard\n2. Reset.\n\nNotes follow\nhere.',
      ),
    ).toBe(
      '## Procedure\n1. Stop the press and wait.\n   - check the guard\n2. Reset.\n\nNotes follow here.',
    );
  });
});
