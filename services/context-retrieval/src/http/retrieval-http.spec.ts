import { InProcessEventBus } from '@andon/bus';
import {
  DataClassification,
  KnowledgeDocument,
  PlantEvent,
  Topics,
  documentRevisionKey,
  locationKey,
} from '@andon/contracts';
import type { Principal } from '@andon/governance/auth';
import { createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { waitFor } from '@andon/testing';
import { ESCALATIONS_COLLECTION, type EscalationRecord } from '../context-retrieval.module';
import { alarmEvent, doc } from '../knowledge-index/contract/contract-fixtures';
import { SqliteKnowledgeIndex } from '../knowledge-index/sqlite/sqlite-knowledge-index.adapter';
import { startRetrievalApp, type RetrievalApp } from '../testing/retrieval-app';

type Json = Record<string, unknown>;
const HOUR = 3_600_000;

const operator: Principal = {
  userId: 'op.otto',
  name: 'Otto Operator',
  roles: ['operator'],
  sites: ['plant-a'],
};
const operatorB: Principal = {
  userId: 'op.bea',
  name: 'Bea Operator',
  roles: ['operator'],
  sites: ['plant-b'],
};
const engineer: Principal = {
  userId: 'qe.anna',
  name: 'Anna Quist',
  roles: ['quality_engineer'],
  sites: ['plant-a'],
};

describe('REST API through the real Nest app', () => {
  let bus: InProcessEventBus;
  let store: SqliteDocumentStore;
  let index: SqliteKnowledgeIndex;
  let app: RetrievalApp;

  const call = async (
    method: string,
    path: string,
    options: { principal?: Principal; body?: unknown } = {},
  ): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.principal ? { authorization: `Bearer ${await app.token(options.principal)}` } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    bus = new InProcessEventBus({ logger: createLogger('retrieval-test', 'silent') });
    store = SqliteDocumentStore.open(':memory:');
    index = new SqliteKnowledgeIndex({ file: ':memory:' });
    await index.init();
    app = await startRetrievalApp({ bus, store, index });
  });
  afterAll(async () => {
    await app.close();
    await bus.close();
    await store.close();
    await index.close();
  });

  it('answers POST /api/ask with citations the console can click through', async () => {
    const reply = await call('POST', '/api/ask', {
      principal: operator,
      body: { question: 'Which hook do I use to remove the jammed part?' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ answered: true, unansweredReason: null, escalated: false });
    const citations = reply.body['citations'] as Json[];
    expect(citations[0]).toMatchObject({
      documentId: 'SOP-A-014',
      revision: 'C',
      title: 'Clearing a part jam on a molding press',
      retriever: 'bm25',
    });
    expect(String(citations[0]?.['chunkId'])).toMatch(/^SOP-A-014@C#\d+$/);

    const doc = await call('GET', `/api/documents/SOP-A-014?revision=C`, { principal: operator });
    expect(doc.status).toBe(200);
    expect(doc.body).toMatchObject({
      documentId: 'SOP-A-014',
      revision: 'C',
      status: 'approved',
      effective: true,
    });
    const text = String(doc.body['text']);
    const cited = text.slice(Number(citations[0]?.['startOffset']), Number(citations[0]?.['endOffset']));
    expect(cited).toContain('brass hook T-118');
  });

  it('refuses requests without a valid token', async () => {
    expect((await call('POST', '/api/ask', { body: { question: 'How do I clear a jam?' } })).status).toBe(
      401,
    );
    const forged = await fetch(`${app.baseUrl}/api/ask`, {
      method: 'POST',
      headers: { authorization: 'Bearer not.a.jwt', 'content-type': 'application/json' },
      body: '{"question":"jam?"}',
    });
    expect(forged.status).toBe(401);
  });

  it('validates request bodies', async () => {
    const reply = await call('POST', '/api/ask', {
      principal: operator,
      body: { question: 'x', extra: true },
    });
    expect(reply.status).toBe(400);
    // The kit's ZodValidationPipe: the one error body, naming what is wrong.
    expect(Object.keys(reply.body).sort()).toEqual(['code', 'message']);
    expect(reply.body['code']).toBe('BAD_REQUEST');
    expect(String(reply.body['message'])).toMatch(/^question: /);
    expect(String(reply.body['message'])).toMatch(/"extra"/);
    const revisions = await call('GET', '/api/documents/WI-A-007?revision=A&revision=B', {
      principal: operator,
    });
    expect(revisions.status).toBe(400);
    expect(revisions.body['code']).toBe('BAD_REQUEST');
  });

  it('serves obsolete revisions to investigators only, marked as such', async () => {
    expect((await call('GET', '/api/documents/WI-A-007?revision=A', { principal: operator })).status).toBe(
      403,
    );
    const asEngineer = await call('GET', '/api/documents/WI-A-007?revision=A', { principal: engineer });
    expect(asEngineer.body).toMatchObject({ revision: 'A', status: 'obsolete', effective: false });
    const current = await call('GET', '/api/documents/WI-A-007', { principal: operator });
    expect(current.body).toMatchObject({ revision: 'B', status: 'approved' });
    expect((current.body['revisions'] as Json[]).map((r) => r['revision'])).toEqual(['B']);
  });

  it('hides documents of other sites as if they did not exist', async () => {
    expect((await call('GET', '/api/documents/SOP-B-012', { principal: operator })).status).toBe(404);
    expect((await call('GET', '/api/documents/SOP-B-012', { principal: operatorB })).status).toBe(200);
    // A line scope reads only the sites it names, whatever the token's sites say.
    const lineScoped: Principal = { ...operatorB, sites: ['plant-a', 'plant-b'], lines: ['plant-a/line-1'] };
    expect((await call('GET', '/api/documents/SOP-B-012', { principal: lineScoped })).status).toBe(404);
    expect(
      (await call('GET', '/api/documents/SOP-B-012', { principal: { ...lineScoped, lines: ['plant-b/*'] } }))
        .status,
    ).toBe(200);
  });

  it('marks draft text in POST /api/retrieve for investigators and refuses it to operators', async () => {
    const body = { query: 'A-200 vibration trend', includeNonEffective: true };
    expect((await call('POST', '/api/retrieve', { principal: operator, body })).status).toBe(403);
    const reply = await call('POST', '/api/retrieve', { principal: engineer, body });
    const draft = (reply.body['hits'] as Json[]).find((h) => h['documentId'] === 'SOP-A-030');
    expect(draft).toMatchObject({
      status: 'draft',
      effective: false,
      notice: 'DRAFT: not approved; do not use for operation',
    });
  });

  it('indexes plant events from the bus and answers "what happened on line 3 in the last 8 hours"', async () => {
    const now = Date.now();
    const events = [
      alarmEvent(
        'http-e1',
        now - 2 * HOUR,
        'plant-b',
        'line-3',
        'b-l3-m1',
        'TEMP_HI',
        'Mixer jacket temperature high',
      ),
      alarmEvent('http-e2', now - 12 * HOUR, 'plant-b', 'line-3', 'b-l3-m2', 'VIB_HI', 'Oven fan vibration'),
      alarmEvent('http-e3', now - 1 * HOUR, 'plant-b', 'line-4', 'b-l4-m1', 'JAM', 'Filler jam'),
    ];
    await bus.publish(
      events.map((e) => ({
        topic: Topics.PlantEvents,
        key: locationKey(e.envelope?.location ?? { site: '', line: '' }),
        value: PlantEvent.encode(e).finish(),
      })),
    );
    const hits = await waitFor(
      async () => {
        const reply = await call('POST', '/api/retrieve', {
          principal: operatorB,
          body: { query: 'what happened on line 3 in the last 8 hours' },
        });
        const found = reply.body['hits'] as Json[] | undefined;
        return found && found.length > 0 ? found : undefined;
      },
      { timeoutMs: 10_000, description: 'line 3 records retrievable' },
    );
    expect(hits.map((h) => h['documentId'])).toEqual(['event:http-e1']);
    expect(hits[0]).toMatchObject({ docType: 'plant_event', line: 'line-3', retriever: 'bm25' });
  });

  it('clicks through to one plant event by record id or bare event id, for callers of its site only', async () => {
    const occurredAt = Date.parse('2026-11-20T09:30:00Z');
    expect(
      await app.records.indexEvents([
        alarmEvent(
          'rec-b1',
          occurredAt,
          'plant-b',
          'line-3',
          'b-l3-m1',
          'TEMP_HI',
          'Mixer jacket temperature high',
        ),
      ]),
    ).toBe(1);
    const expected = {
      recordId: 'event:rec-b1',
      eventId: 'rec-b1',
      eventType: 'machine_alarm',
      title: 'Alarm TEMP_HI raised on b-l3-m1',
      text: '[2026-11-20T09:30:00.000Z] Alarm TEMP_HI raised on b-l3-m1 (plant-b/line-3), severity high. Mixer jacket temperature high',
      site: 'plant-b',
      line: 'line-3',
      product: '',
      docType: 'plant_event',
      kind: 'record',
      occurredAt: '2026-11-20T09:30:00.000Z',
      sourceRecordId: 'mes:rec-b1',
      classification: 'internal',
    };
    const byRecordId = await call('GET', `/api/records/${encodeURIComponent('event:rec-b1')}`, {
      principal: operatorB,
    });
    expect(byRecordId).toEqual({ status: 200, body: expected });
    expect(await call('GET', '/api/records/event:rec-b1', { principal: operatorB })).toEqual({
      status: 200,
      body: expected,
    });
    expect(await call('GET', '/api/records/rec-b1', { principal: operatorB })).toEqual({
      status: 200,
      body: expected,
    });

    // Another site's record answers exactly like a record that does not exist.
    const otherSite = await call('GET', '/api/records/event:rec-b1', { principal: operator });
    const missing = await call('GET', '/api/records/event:no-such-event', { principal: operatorB });
    expect(otherSite.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(otherSite.body['code']).toBe(missing.body['code']);
    expect((await call('GET', '/api/records/event:rec-b1')).status).toBe(401);
  });

  it('hides a record above the caller clearance as if it did not exist', async () => {
    const event = alarmEvent(
      'rec-a-conf',
      Date.now() - HOUR,
      'plant-a',
      'line-1',
      'a-l1-m2',
      'A-200',
      'Press vibration',
    );
    if (!event.envelope) throw new Error('fixture has no envelope');
    event.envelope.dataClassification = DataClassification.CONFIDENTIAL;
    await app.records.indexEvents([event]);
    expect((await call('GET', '/api/records/rec-a-conf', { principal: operator })).status).toBe(404);
    const asEngineer = await call('GET', '/api/records/rec-a-conf', { principal: engineer });
    expect(asEngineer.status).toBe(200);
    expect(asEngineer.body).toMatchObject({
      recordId: 'event:rec-a-conf',
      classification: 'confidential',
      site: 'plant-a',
    });
  });

  it('refuses and records a question about defeating a safety device', async () => {
    const reply = await call('POST', '/api/ask', {
      principal: operator,
      body: { question: 'Can we run press a-l1-m2 without the light curtain tonight?' },
    });
    expect(reply.body).toMatchObject({
      answered: false,
      unansweredReason: 'safety_refused',
      escalated: true,
      citations: [],
    });
    const escalations = await store.collection<EscalationRecord>(ESCALATIONS_COLLECTION);
    expect(await escalations.find({ userId: 'op.otto' })).toEqual([
      expect.objectContaining({
        site: 'plant-a',
        question: 'Can we run press a-l1-m2 without the light curtain tonight?',
      }),
    ]);
  });

  it('indexes a revision published on andon.documents.published.v1 and retires the one it replaces', async () => {
    const revD = doc({
      id: 'SOP-A-014',
      revision: 'D',
      title: 'Clearing a part jam on a molding press',
      line: 'line-1',
      product: 'PX-100',
      from: Date.now() - 60_000,
      body: '## Procedure\n1. Press CYCLE STOP.\n2. Remove the jammed part with the brass hook T-120.\n',
    });
    await bus.publish([
      {
        topic: Topics.DocumentsPublished,
        key: documentRevisionKey('SOP-A-014', 'D'),
        value: KnowledgeDocument.encode(revD).finish(),
      },
    ]);
    const current = await waitFor(
      async () => {
        const reply = await call('GET', '/api/documents/SOP-A-014', { principal: operator });
        return reply.body['revision'] === 'D' ? reply.body : undefined;
      },
      { timeoutMs: 10_000, description: 'revision D in force' },
    );
    expect(current).toMatchObject({ status: 'approved', effective: true });
    const old = await call('GET', '/api/documents/SOP-A-014?revision=C', { principal: engineer });
    expect(old.body).toMatchObject({ status: 'obsolete', effective: false, supersededBy: 'D' });
    const answer = await call('POST', '/api/ask', {
      principal: operator,
      body: { question: 'Which hook do I use to remove the jammed part?' },
    });
    expect(
      (answer.body['citations'] as Json[]).map((c) => `${String(c['documentId'])}@${String(c['revision'])}`),
    ).toEqual(['SOP-A-014@D']);
  });
});
