/**
 * Synthetic chunks for the latency benchmark: documents of CHUNKS_PER_DOC chunks over
 * three sites, two lines each and the six document types, each chunk naming one unique
 * part number among shared alarm codes, machine ids and a 300-word plant vocabulary.
 * Deterministic (LCG seeded with 42).
 */
import {
  DOCUMENT_TYPES,
  extractIdentifiers,
  type KnowledgeChunk,
  type StoredRevision,
} from '@andon/service-context-retrieval/bench';

export const CHUNKS_PER_DOC = 10;

export interface LatencyCorpus {
  revisions: { revision: StoredRevision; chunks: KnowledgeChunk[] }[];
  chunks: KnowledgeChunk[];
}

export interface LatencyQuery {
  text: string;
  site: string;
  line: string;
  docType: KnowledgeChunk['docType'];
  target: string;
}

const VOCAB = Array.from(
  { length: 300 },
  (_, i) =>
    `${['seal', 'pump', 'valve', 'guard', 'press', 'mixer', 'filler', 'bearing', 'nozzle', 'heater', 'sensor', 'clamp'][i % 12]}${['', 'ing', 's', 'ed', 'er'][Math.floor(i / 12) % 5]}${i >= 60 ? String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + ((i * 7) % 26)) : ''}`,
);
const ALARMS = ['A-100', 'A-200', 'A-300', 'A-400', 'TEMP_HI', 'VIB_HI', 'PRESS_LO'];
const SITES = [
  { site: 'plant-a', lines: ['line-1', 'line-2'], prefix: 'a' },
  { site: 'plant-b', lines: ['line-3', 'line-4'], prefix: 'b' },
  { site: 'plant-c', lines: ['line-5', 'line-6'], prefix: 'c' },
];

export function latencyCorpus(totalChunks: number): LatencyCorpus {
  let seed = 42;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const revisions: LatencyCorpus['revisions'] = [];
  const from = Date.parse('2026-01-01');
  for (let d = 0; d * CHUNKS_PER_DOC < totalChunks; d++) {
    const s = pick(SITES);
    const line = pick(s.lines);
    const docType = pick(DOCUMENT_TYPES);
    const documentId = `DOC-${s.prefix.toUpperCase()}-${String(d).padStart(6, '0')}`;
    let text = '';
    const chunks: KnowledgeChunk[] = [];
    for (let c = 0; c < CHUNKS_PER_DOC; c++) {
      const machine = `${s.prefix}-l${line.slice(-1)}-m${1 + Math.floor(rand() * 3)}`;
      const words = Array.from({ length: 40 }, () => pick(VOCAB)).join(' ');
      const body = `${c + 1}. On ${pick(ALARMS)} at ${machine} replace part PN-${d}-${c} then ${words}.`;
      const start = text.length;
      text += `${body}\n`;
      chunks.push({
        chunkId: `${documentId}@1#${c}`,
        documentId,
        revision: '1',
        kind: 'document',
        docType,
        title: `Document ${documentId}`,
        section: 'Procedure',
        text: body,
        startOffset: start,
        endOffset: start + body.length,
        site: s.site,
        line,
        product: '',
        status: 'approved',
        effectiveFrom: from,
        effectiveTo: null,
        supersededBy: null,
        occurredAt: null,
        classification: 'internal',
        owner: 'bench',
        identifiers: extractIdentifiers(body),
        embedding: null,
      });
    }
    const revision: StoredRevision = {
      documentId,
      revision: '1',
      title: `Document ${documentId}`,
      docType,
      status: 'approved',
      effectiveFrom: from,
      effectiveTo: null,
      supersededBy: null,
      site: s.site,
      line,
      product: '',
      classification: 'internal',
      owner: 'bench',
      contentType: 'text',
      text,
      sourceRecordId: documentId,
      contentHash: documentId,
      chunkCount: CHUNKS_PER_DOC,
      indexedAt: from,
    };
    revisions.push({ revision, chunks });
  }
  return { revisions, chunks: revisions.flatMap((r) => r.chunks) };
}

/** Part number plus three words of a random target chunk, filtered to its site, line and type. */
export function latencyQueries(chunks: readonly KnowledgeChunk[], count: number): LatencyQuery[] {
  let seed = 7;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: count }, () => {
    const c = pick(chunks);
    const words = c.text.replace(/\.$/, '').split(' ').slice(-40);
    const part = /PN-\d+-\d+/.exec(c.text)?.[0] ?? '';
    return {
      text: `${part} ${pick(words)} ${pick(words)} ${pick(words)}`,
      site: c.site,
      line: c.line,
      docType: c.docType,
      target: c.chunkId,
    };
  });
}

/** The named baseline: a brute-force JS scan applying the same filters, ranking by query words contained. */
export function substringScan(chunks: readonly KnowledgeChunk[], q: LatencyQuery): string[] {
  const terms = q.text.toLowerCase().split(/\s+/).filter(Boolean);
  return chunks
    .filter((c) => c.site === q.site && c.line === q.line && c.docType === q.docType)
    .map((c) => {
      const lower = c.text.toLowerCase();
      return { id: c.chunkId, n: terms.filter((t) => lower.includes(t)).length };
    })
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n)
    .slice(0, 10)
    .map((x) => x.id);
}
