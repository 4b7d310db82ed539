import { DocumentContentType, DocumentStatus, DocumentType, KnowledgeDocument } from '@andon/contracts';
import { corpusDocument } from '../test-support/compliance-documents';
import { procedureFromDocument } from './procedure-document';

describe('procedure revision from a published document', () => {
  it('takes the metadata from the message fields and numbers the steps of the body', () => {
    const outcome = procedureFromDocument(corpusDocument('plant-a/wi-a-007-changeover-rev-a.md'));
    if (!('procedure' in outcome)) throw new Error(`skipped: ${outcome.skipped}`);
    expect(outcome.procedure).toMatchObject({
      documentId: 'WI-A-007',
      revision: 'A',
      status: 'obsolete',
      effectiveFrom: Date.parse('2025-03-01'),
      effectiveTo: Date.parse('2026-06-01'),
      scope: { site: 'plant-a', line: 'line-1' },
      file: 'documents:plant-a/wi-a-007-changeover-rev-a.md',
    });
    expect(outcome.procedure.steps.length).toBeGreaterThan(3);
    expect(outcome.procedure.steps.map((s) => s.stepNo)).toEqual(
      outcome.procedure.steps.map((_, i) => i + 1),
    );
  });

  it('reads the same steps when the publisher left the front matter in the body', () => {
    const doc = corpusDocument('plant-a/wi-a-007-changeover-rev-b.md');
    const withFrontMatter = KnowledgeDocument.fromPartial({
      ...doc,
      content: Buffer.concat([
        Buffer.from('---\nid: WI-A-007\nrevision: B\n---\n'),
        Buffer.from(doc.content),
      ]),
    });
    const plain = procedureFromDocument(doc);
    const wrapped = procedureFromDocument(withFrontMatter);
    expect('procedure' in wrapped && 'procedure' in plain && wrapped.procedure.steps).toEqual(
      'procedure' in plain && plain.procedure.steps,
    );
  });

  it('skips what is not a checkable procedure', () => {
    const sop = KnowledgeDocument.fromPartial({
      documentId: 'X',
      revision: '1',
      docType: DocumentType.SOP,
      status: DocumentStatus.APPROVED,
      contentType: DocumentContentType.MARKDOWN,
      content: Buffer.from('1. Do it.\n'),
    });
    expect(procedureFromDocument(sop)).toMatchObject({
      procedure: { documentId: 'X', status: 'approved', steps: [{ stepNo: 1, text: 'Do it.' }] },
    });
    expect(procedureFromDocument({ ...sop, docType: DocumentType.MAINTENANCE_MANUAL })).toEqual({
      skipped: 'not an SOP or work instruction',
    });
    expect(procedureFromDocument({ ...sop, contentType: DocumentContentType.PDF })).toEqual({
      skipped: 'content is not markdown or text',
    });
    expect(procedureFromDocument({ ...sop, content: Buffer.from('No numbered steps here.\n') })).toEqual({
      skipped: 'no numbered steps',
    });
    expect(procedureFromDocument({ ...sop, revision: '' })).toEqual({
      skipped: 'no document id or revision',
    });
  });
});
