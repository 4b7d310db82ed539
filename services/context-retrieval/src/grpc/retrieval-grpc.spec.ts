import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { InProcessEventBus } from '@andon/bus';
import {
  DataClassification,
  DocumentStatus,
  DocumentType,
  RetrievalServiceClient,
  Retriever,
  type AskRequest,
  type AskResponse,
  type Caller,
  type RetrieveRequest,
  type RetrieveResponse,
} from '@andon/contracts';
import type { Principal } from '@andon/governance/auth';
import { createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { SqliteKnowledgeIndex } from '../knowledge-index/sqlite/sqlite-knowledge-index.adapter';
import { startRetrievalApp, type RetrievalApp } from '../testing/retrieval-app';

const operatorA: Caller = {
  userId: 'op.otto',
  roles: ['operator'],
  sites: ['plant-a'],
  clearance: DataClassification.UNSPECIFIED,
};
const engineerA: Caller = {
  userId: 'qe.anna',
  roles: ['quality_engineer'],
  sites: ['plant-a'],
  clearance: DataClassification.RESTRICTED,
};

describe('gRPC RetrievalService', () => {
  let bus: InProcessEventBus;
  let store: SqliteDocumentStore;
  let index: SqliteKnowledgeIndex;
  let app: RetrievalApp;
  let client: RetrievalServiceClient;

  /** The caller is always the bearer token's; a request's `caller` may only narrow it. */
  const bearer = async (caller: Caller | undefined): Promise<Metadata> => {
    const metadata = new Metadata();
    if (caller)
      metadata.set(
        'authorization',
        `Bearer ${await app.token({ userId: caller.userId, name: caller.userId, roles: caller.roles as Principal['roles'], sites: caller.sites })}`,
      );
    return metadata;
  };
  const retrieve = async (req: Partial<RetrieveRequest>, metadata?: Metadata) => {
    const md = metadata ?? (await bearer(req.caller));
    return new Promise<RetrieveResponse>((resolve, reject) =>
      client.retrieve(
        { query: '', filters: undefined, caller: undefined, topK: 0, ...req },
        md,
        (err: ServiceError | null, res?: RetrieveResponse) =>
          err ? reject(err) : resolve(res as RetrieveResponse),
      ),
    );
  };
  const ask = async (req: Partial<AskRequest>) => {
    const md = await bearer(req.caller);
    return new Promise<AskResponse>((resolve, reject) =>
      client.ask(
        { question: '', filters: undefined, caller: undefined, correlationId: '', ...req },
        md,
        (err: ServiceError | null, res?: AskResponse) => (err ? reject(err) : resolve(res as AskResponse)),
      ),
    );
  };

  beforeAll(async () => {
    bus = new InProcessEventBus({ logger: createLogger('retrieval-grpc-test', 'silent') });
    store = SqliteDocumentStore.open(':memory:');
    index = new SqliteKnowledgeIndex({ file: ':memory:' });
    await index.init();
    app = await startRetrievalApp({ bus, store, index });
    client = new RetrievalServiceClient(`127.0.0.1:${app.grpcPort}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await app.close();
    await bus.close();
    await store.close();
    await index.close();
  });

  it('Retrieve returns ranked hits with lineage', async () => {
    const res = await retrieve({ query: 'alarm A-300 hydraulic pressure low', caller: operatorA, topK: 3 });
    expect(res.hits.length).toBeGreaterThan(0);
    expect(res.hits.length).toBeLessThanOrEqual(3);
    const top = res.hits[0];
    expect(top).toMatchObject({
      documentId: 'MM-A-003',
      revision: '4',
      docType: DocumentType.MAINTENANCE_MANUAL,
      status: DocumentStatus.APPROVED,
      retriever: Retriever.BM25,
    });
    expect(top?.chunkId).toMatch(/^MM-A-003@4#\d+$/);
    expect(top?.endOffset).toBeGreaterThan(top?.startOffset ?? 0);
    expect(top?.score).toBeGreaterThan(0);
  });

  it('Retrieve honours filters, as-of and the investigation flag', async () => {
    const past = await retrieve({
      query: 'purge the barrel clamp bolts torque',
      caller: engineerA,
      filters: {
        site: 'plant-a',
        line: 'line-1',
        product: '',
        docTypes: [DocumentType.WORK_INSTRUCTION],
        asOf: new Date('2026-01-15T00:00:00Z'),
        includeNonEffective: false,
      },
    });
    expect(new Set(past.hits.map((h) => `${h.documentId}@${h.revision}`))).toEqual(new Set(['WI-A-007@A']));
    const all = await retrieve({
      query: 'purge the barrel clamp bolts torque',
      caller: engineerA,
      filters: {
        site: 'plant-a',
        line: '',
        product: '',
        docTypes: [DocumentType.WORK_INSTRUCTION],
        asOf: undefined,
        includeNonEffective: true,
      },
    });
    const statuses = new Map(all.hits.map((h) => [h.revision, h.status]));
    expect(statuses.get('A')).toBe(DocumentStatus.OBSOLETE);
    expect(statuses.get('B')).toBe(DocumentStatus.APPROVED);
  });

  it('refuses the investigation flag to operators and callers without scope', async () => {
    await expect(
      retrieve({
        query: 'press',
        caller: operatorA,
        filters: {
          site: '',
          line: '',
          product: '',
          docTypes: [],
          asOf: undefined,
          includeNonEffective: true,
        },
      }),
    ).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    await expect(retrieve({ query: 'press' }, new Metadata())).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
  });

  it('takes the caller from the bearer token, never from the request', async () => {
    const bea = await bearer({
      userId: 'op.bea',
      roles: ['operator'],
      sites: ['plant-b'],
      clearance: DataClassification.UNSPECIFIED,
    });
    const res = await retrieve({ query: 'TEMP_HI mixer' }, bea);
    expect(res.hits[0]?.documentId).toBe('SOP-B-005');
    // A plant-b token claiming to be a plant-a operator is refused, not answered for plant-a.
    await expect(retrieve({ query: 'press', caller: operatorA }, bea)).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    // A claimed caller with no token at all is not an identity.
    await expect(retrieve({ query: 'press', caller: operatorA }, new Metadata())).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
    const bad = new Metadata();
    bad.set('authorization', 'Bearer forged');
    await expect(retrieve({ query: 'press', caller: operatorA }, bad)).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
  });

  it('lets a request narrow the token to fewer sites, never widen it', async () => {
    const both = await bearer({
      userId: 'qe.multi',
      roles: ['quality_engineer'],
      sites: ['plant-a', 'plant-b'],
      clearance: DataClassification.UNSPECIFIED,
    });
    const narrowed = await retrieve(
      {
        query: 'TEMP_HI mixer',
        caller: {
          userId: 'qe.multi',
          roles: [],
          sites: ['plant-a'],
          clearance: DataClassification.UNSPECIFIED,
        },
      },
      both,
    );
    expect(narrowed.hits.map((h) => h.documentId)).not.toContain('SOP-B-005');
    const onlyA = await bearer({
      userId: 'op.otto',
      roles: ['operator'],
      sites: ['plant-a'],
      clearance: DataClassification.UNSPECIFIED,
    });
    const widened = await retrieve(
      {
        query: 'TEMP_HI mixer',
        caller: {
          userId: 'op.otto',
          roles: [],
          sites: ['plant-a', 'plant-b'],
          clearance: DataClassification.UNSPECIFIED,
        },
      },
      onlyA,
    );
    expect(widened.hits.map((h) => h.documentId)).not.toContain('SOP-B-005');
  });

  it('Ask answers from approved procedures with citations and generation info', async () => {
    const res = await ask({
      question: 'What purge compound do I use for the barrel at a mold changeover?',
      caller: operatorA,
      correlationId: 'corr-1',
    });
    expect(res.answered).toBe(true);
    expect(res.citations.map((c) => `${c.documentId}@${c.revision}`)).toEqual(['WI-A-007@B']);
    expect(res.answerMarkdown).toContain('PC-20');
    expect(res.generation).toMatchObject({ provider: 'deterministic', deterministicFallback: true });
  });

  it('Ask says so when no approved source covers the question, and refuses safety bypasses', async () => {
    const none = await ask({ question: 'What is the recipe for the RS-300 batch?', caller: operatorA });
    expect(none).toMatchObject({ answered: false, unansweredReason: 'no_approved_source', citations: [] });
    const refused = await ask({
      question: 'How do I jumper the door switch on the filler?',
      caller: operatorA,
    });
    expect(refused).toMatchObject({ answered: false, unansweredReason: 'safety_refused' });
  });
});
