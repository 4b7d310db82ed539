import {
  DocumentContentType,
  DocumentStatus,
  DocumentType,
  EvidenceKind,
  KnowledgeDocument,
} from '@andon/contracts';
import { ProcedureRevisionsStore } from '@andon/agent-kit';
import { waitFor } from '@andon/testing';
import { EmbeddedAdapters, publishKnowledgeDocuments, publishPlantEvents } from '@andon/agent-kit/testing';
import {
  alarm,
  startMaintenanceAgent,
  type RunningMaintenanceAgent,
} from './test-support/maintenance-fixtures';

const PROCEDURE = `# Responding to high vibration

## Procedure
1. Acknowledge alarm vibration_high on the HMI and note the axis.
2. Stop the machine at the end of the cycle.
3. Check the spindle bearing temperature with the handheld probe.
4. Call maintenance if the temperature is above 80 degC.
`;

function procedure(site: string, documentId: string): KnowledgeDocument {
  return KnowledgeDocument.fromPartial({
    documentId,
    title: 'Responding to high vibration',
    docType: DocumentType.SOP,
    revision: 'A',
    status: DocumentStatus.APPROVED,
    effectiveFrom: new Date('2025-01-15T00:00:00Z'),
    scope: { site, line: '', product: '' },
    contentType: DocumentContentType.MARKDOWN,
    content: Buffer.from(PROCEDURE),
  });
}

/**
 * ADR 0022 at the maintenance agent: the procedure that names the burst's alarm code is
 * given to the use case, and the proposal recommends its steps in its own words, cited
 * with document, revision and step, before the rule engine's workflow; another site's
 * procedure is never used.
 */
describe('maintenance agent: alarm procedure steps in the work-order proposal', () => {
  let adapters: EmbeddedAdapters;
  let agent: RunningMaintenanceAgent;

  beforeEach(async () => {
    adapters = EmbeddedAdapters.open();
    agent = await startMaintenanceAgent(adapters);
  });
  afterEach(async () => {
    await agent.stop();
    await adapters.close();
  });

  it("recommends the procedure steps for the alarm, cited, and never another site's", async () => {
    await publishKnowledgeDocuments(adapters.bus, agent.topics.documentsPublished, [
      procedure('plant-b', 'SOP-B-VIB'),
      procedure('plant-a', 'SOP-A-VIB'),
    ]);
    const store = agent.agent.app.get(ProcedureRevisionsStore);
    await waitFor(
      async () =>
        (await store.forSite('plant-b', /vibration/i)).length === 1 &&
        (await store.forSite('plant-a', /vibration/i)).length === 1,
      { timeoutMs: 10_000, description: 'both procedures learned' },
    );
    await publishPlantEvents(adapters.bus, agent.topics.plantEvents, [
      alarm('v-1', 0, 'a-l1-m2'),
      alarm('v-2', 1, 'a-l1-m2'),
      alarm('v-3', 2, 'a-l1-m2'),
    ]);
    await waitFor(() => agent.recorder.actions.length === 1, {
      timeoutMs: 10_000,
      description: 'the work-order proposal',
    });
    const [action] = agent.recorder.actions;
    const steps = action?.recommendedSteps ?? [];
    expect(steps.slice(0, 4)).toEqual([
      'Acknowledge alarm vibration_high on the HMI and note the axis. (SOP-A-VIB rev A, step 1 of "Procedure")',
      'Stop the machine at the end of the cycle. (SOP-A-VIB rev A, step 2 of "Procedure")',
      'Check the spindle bearing temperature with the handheld probe. (SOP-A-VIB rev A, step 3 of "Procedure")',
      'Call maintenance if the temperature is above 80 degC. (SOP-A-VIB rev A, step 4 of "Procedure")',
    ]);
    expect(steps.join('\n')).not.toContain('SOP-B-VIB');
    const refs = (action?.evidence ?? []).filter((e) => e.kind === EvidenceKind.DOCUMENT && e.step);
    expect(refs.map((e) => `${e.id}@${e.revision}#${e.step}`)).toEqual([
      'SOP-A-VIB@A#1',
      'SOP-A-VIB@A#2',
      'SOP-A-VIB@A#3',
      'SOP-A-VIB@A#4',
    ]);
  });
});
