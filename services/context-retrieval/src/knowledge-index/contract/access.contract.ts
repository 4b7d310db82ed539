import { DataClassification, DocumentStatus } from '@andon/contracts';
import type { CallerContext } from '../../domain/access-policy';
import type { KnowledgeIndex } from '../knowledge-index.port';
import {
  CORPUS,
  doc,
  harness,
  NOW,
  operator,
  qualityEngineer,
  supervisor,
  type ContractHarness,
  type IndexFactory,
} from './contract-fixtures';

export function accessCases(factory: IndexFactory): void {
  describe('governed access', () => {
    let index: KnowledgeIndex;
    let h: ContractHarness;

    beforeAll(async () => {
      index = await factory.create({ vectorDims: null });
      h = harness(index);
      await h.ingestion.ingestAll([
        ...CORPUS,
        doc({
          id: 'SOP-A-050',
          title: 'Press vibration analysis (draft)',
          revision: 'A',
          status: DocumentStatus.DRAFT,
          from: NOW,
          line: 'line-1',
          body: '## Procedure\n1. Record press vibration spectra on a-l1-m2 weekly.\n',
        }),
        doc({
          id: 'DEV-A-001',
          title: 'Deviation history',
          classification: DataClassification.RESTRICTED,
          body: '## DEV-77\nPress vibration deviation accepted by the plant manager.\n',
        }),
      ]);
    });
    afterAll(() => factory.dispose(index));

    const ids = async (query: string, caller: CallerContext, scope = {}) => {
      const result = await h.retrieve.retrieve({ query, caller, scope });
      if (!result.ok) throw new Error(`${result.reason}: ${result.message}`);
      return new Set(result.hits.map((x) => x.chunk.documentId));
    };

    it('hides documents above the caller clearance', async () => {
      expect((await ids('NCR-1042 short shots press nozzle', operator())).has('NCR-H-001')).toBe(false);
      expect((await ids('NCR-1042 short shots press nozzle', supervisor())).has('NCR-H-001')).toBe(true);
      expect((await ids('press vibration deviation', supervisor())).has('DEV-A-001')).toBe(false);
      expect((await ids('press vibration deviation', qualityEngineer())).has('DEV-A-001')).toBe(true);
    });

    it('caps a requested clearance at what the roles allow', async () => {
      const claimed: CallerContext = { ...operator(), clearance: 'restricted' };
      expect((await ids('NCR-1042 short shots press nozzle', claimed)).has('NCR-H-001')).toBe(false);
    });

    it('hides other sites but not enterprise-wide documents', async () => {
      const seen = await ids('stop the mixer hold lot on TEMP_HI', operator(['plant-a']));
      expect(seen.has('SOP-B-005')).toBe(false);
      expect(seen.has('SOP-Q-001')).toBe(true);
    });

    it('refuses a site outside the caller scope instead of returning nothing', async () => {
      const result = await h.retrieve.retrieve({
        query: 'mixer',
        caller: operator(['plant-a']),
        scope: { site: 'plant-b' },
      });
      expect(result).toMatchObject({ ok: false, reason: 'site_not_in_scope' });
    });

    it('refuses a caller without an Andon role or site', async () => {
      const result = await h.retrieve.retrieve({
        query: 'press',
        caller: { userId: 'x', roles: ['guest'], sites: ['plant-a'] },
        scope: {},
      });
      expect(result).toMatchObject({ ok: false, reason: 'caller_not_cleared' });
      const noSite = await h.retrieve.retrieve({
        query: 'press',
        caller: { ...operator(), sites: [] },
        scope: {},
      });
      expect(noSite).toMatchObject({ ok: false, reason: 'caller_not_cleared' });
    });

    it('never shows draft text to operators, and shows it to investigators marked as draft', async () => {
      expect((await ids('press vibration spectra', operator())).has('SOP-A-050')).toBe(false);
      expect((await ids('press vibration spectra', qualityEngineer())).has('SOP-A-050')).toBe(false);
      const result = await h.retrieve.retrieve({
        query: 'press vibration spectra',
        caller: qualityEngineer(),
        scope: { includeNonEffective: true },
      });
      if (!result.ok) throw new Error(result.message);
      const draft = result.hits.find((x) => x.chunk.documentId === 'SOP-A-050');
      expect(draft).toMatchObject({ status: 'draft', effective: false });
    });

    it('refuses draft and obsolete text to roles that are not investigation roles', async () => {
      for (const caller of [operator(), supervisor()]) {
        const result = await h.retrieve.retrieve({
          query: 'press',
          caller,
          scope: { includeNonEffective: true },
        });
        expect(result).toMatchObject({ ok: false, reason: 'not_investigation_role' });
      }
    });

    it('limits Ask retrieval to approved procedures in force', async () => {
      const result = await h.retrieve.retrieve(
        {
          query: 'NCR-1042 press vibration spectra deviation',
          caller: qualityEngineer(),
          scope: { includeNonEffective: true },
        },
        'ask',
      );
      if (!result.ok) throw new Error(result.message);
      expect(result.hits.length).toBeGreaterThan(0);
      expect(
        result.hits.every(
          (x) =>
            ['sop', 'work_instruction', 'maintenance_manual'].includes(x.chunk.docType) &&
            x.status === 'approved' &&
            x.effective,
        ),
      ).toBe(true);
    });
  });
}
