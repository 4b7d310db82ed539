import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DocumentContentType,
  DocumentStatus,
  DocumentType,
  EvidenceKind,
  KnowledgeDocument,
  RecommendationKind,
} from '@andon/contracts';
import { ProcedureRevisionsStore } from '@andon/agent-kit';
import { waitFor } from '@andon/testing';
import {
  EmbeddedAdapters,
  REPO_ROOT,
  publishKnowledgeDocuments,
  publishPlantEvents,
} from '@andon/agent-kit/testing';
import { nonconformance, startQualityAgent, type RunningQualityAgent } from './test-support/quality-fixtures';

const SOP = readFileSync(join(REPO_ROOT, 'knowledge/enterprise/sop-q-001-lot-hold-ncr.md'));

function sop(
  revision: string,
  status: DocumentStatus,
  content: Buffer | string,
  site = '',
): KnowledgeDocument {
  return KnowledgeDocument.fromPartial({
    documentId: 'SOP-Q-001',
    title: 'Lot hold and containment for a nonconformance (NCR)',
    docType: DocumentType.SOP,
    revision,
    status,
    effectiveFrom: new Date('2025-01-15T00:00:00Z'),
    scope: { site, line: '', product: '' },
    contentType: DocumentContentType.MARKDOWN,
    content: Buffer.from(content),
    publishedAt: new Date('2025-01-10T00:00:00Z'),
  });
}

/**
 * ADR 0022 at the quality agent: containment steps are the steps of the approved,
 * effective containment SOP it learned from andon.documents.published.v1, in the SOP's
 * words with document, revision and step, each cited; a draft revision's steps never are.
 */
describe('quality agent: containment steps come from the procedure', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningQualityAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    agent = await startQualityAgent(adapters);
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  it('recommends the approved SOP steps, cited, and never a draft revision', async () => {
    await publishKnowledgeDocuments(adapters.bus, agent.topics.documentsPublished, [
      sop('D', DocumentStatus.APPROVED, SOP),
      sop(
        'E',
        DocumentStatus.DRAFT,
        '## Procedure\n1. Ship the held lots once sorted.\n2. Tell quality later.',
      ),
    ]);
    const store = agent.agent.app.get(ProcedureRevisionsStore);
    await waitFor(async () => (await store.forSite('plant-a', /containment/i)).length === 1, {
      timeoutMs: 10_000,
      description: 'the approved revision learned',
    });

    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      nonconformance('ncr-p', { ncrId: 'NCR-P-1', lotIds: ['LOT-P-1'] }, 1),
    ]);
    await waitFor(
      () =>
        agent.recorder.actionsOfType('mes.start_investigation').length === 1 &&
        agent.recorder.recommendations.length === 1,
      { timeoutMs: 10_000, description: 'triage of NCR-P-1' },
    );
    const [investigation] = agent.recorder.actionsOfType('mes.start_investigation');
    const steps = investigation?.recommendedSteps ?? [];
    expect(steps[0]).toBe(
      'Stop using the suspect material or stop the line if nonconforming parts are still being produced. (SOP-Q-001 rev D, step 1 of "Procedure")',
    );
    expect(steps.slice(0, 6).every((s) => s.includes('(SOP-Q-001 rev D, step'))).toBe(true);
    expect(steps.join('\n')).not.toMatch(/Ship the held lots|rev E/);
    const stepRefs = (investigation?.evidence ?? []).filter(
      (e) => e.kind === EvidenceKind.DOCUMENT && e.step,
    );
    expect(stepRefs.map((e) => [e.id, e.revision, e.step])).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => ['SOP-Q-001', 'D', String(n)]),
    );
    const [rec] = agent.recorder.recommendations.filter((r) => r.kind === RecommendationKind.NCR_TRIAGE);
    expect(rec?.typedData?.$case === 'ncrTriage' ? rec.typedData.value.containment : []).toEqual(
      steps.slice(0, 6),
    );
  });
});
