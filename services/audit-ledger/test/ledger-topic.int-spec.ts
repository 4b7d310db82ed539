import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { KafkaEventBus } from '@andon/bus';
import { LedgerCheckpoint, LedgerEntry, ProposedAction, TOPIC_SPECS, Topics } from '@andon/contracts';
import { exportPrivateKeyPem, generateSigningKeyPair } from '@andon/governance/policy';
import { ChainAppender, verifyCheckpoint } from '@andon/governance/ledger';
import { createLogger } from '@andon/observability';
import { MongoDocumentStore } from '@andon/persistence';
import { kafkaBrokers, mongoUri, uniqueName, waitFor } from '@andon/testing';
import { LedgerQuery } from '../src/query/ledger-query';
import { LedgerVerification } from '../src/verify/ledger-verification.service';
import { publishGoverned, startLedgerApp, type LedgerApp } from '../src/testing/ledger-app';

/*
 * What the runbook promises archives and SIEMs: every ledger entry on
 * andon.ledger.entries.v1, read back with a plain Kafka client, and signed checkpoints on
 * andon.ledger.checkpoints.v1 that verify with the ledger's public key. The audit ledger
 * runs as its Nest module on real Kafka and FerretDB; the chain has a name of its own, so
 * records of other runs on the shared topics are told apart by entry id.
 */
describe('ledger entries and checkpoints on Kafka', () => {
  jest.setTimeout(180_000);
  const chain = uniqueName('chain')
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 60);
  const key = generateSigningKeyPair();
  const dir = mkdtempSync(join(tmpdir(), 'andon-ledger-topic-'));
  let bus: KafkaEventBus;
  let store: MongoDocumentStore;
  let ledger: LedgerApp | undefined;
  let consumer: Consumer | undefined;
  const entries = new Map<number, LedgerEntry>();
  const checkpoints: LedgerCheckpoint[] = [];

  beforeAll(async () => {
    const brokers = kafkaBrokers();
    bus = new KafkaEventBus({
      brokers,
      clientId: uniqueName('ledger-topic'),
      logger: createLogger('ledger-topic', 'warn'),
    });
    await bus.ensureTopics(
      [Topics.ActionsProposed, Topics.LedgerEntries, Topics.LedgerCheckpoints].map((name) => ({
        name,
        partitions: TOPIC_SPECS[name].partitions,
      })),
    );
    store = await MongoDocumentStore.connect(mongoUri(uniqueName('ledger-topic')));
    ledger = await startLedgerApp(bus, store, {
      CONSUMER_GROUP: uniqueName('audit-ledger'),
      GRPC_ENABLED: false,
      LEDGER_CHAIN: chain,
      LEDGER_WITNESS_DIR: join(dir, 'witness'),
      LEDGER_CHECKPOINT_KEY_PEM: exportPrivateKeyPem(key.privateKey),
      LEDGER_CHECKPOINT_EVERY: 25,
      LEDGER_PUBLISH_INTERVAL_MS: 200,
      LEDGER_VERIFY_WORKERS: 0,
    });
    // A client none of the services use, as an archive would read the topics.
    const kafka = new Kafka({ clientId: uniqueName('archive'), brokers, logLevel: logLevel.NOTHING });
    consumer = kafka.consumer({ groupId: uniqueName('archive') });
    await consumer.connect();
    await consumer.subscribe({
      topics: [Topics.LedgerEntries, Topics.LedgerCheckpoints],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (!message.value) return;
        if (topic === Topics.LedgerEntries) {
          const entry = LedgerEntry.decode(message.value);
          if (entry.entryId.startsWith(`${chain}:`)) entries.set(entry.seq, entry);
        } else {
          const checkpoint = LedgerCheckpoint.decode(message.value);
          if (checkpoint.chain === chain) checkpoints.push(checkpoint);
        }
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await ledger?.close();
    await bus?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries every entry of the chain, in a chain of its own, and checkpoints that verify with the ledger key', async () => {
    const run = uniqueName('act');
    for (let i = 0; i < 60; i++) {
      const action = ProposedAction.fromPartial({
        actionId: `${run}-${i}`,
        location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1', cell: '' },
        correlationId: `corr-${i}`,
      });
      await publishGoverned(
        bus,
        Topics.ActionsProposed,
        'plant-a/line-1',
        ProposedAction.encode(action).finish(),
        `prop-${run}-${i}`,
      );
    }
    if (!ledger) throw new Error('no ledger app');
    const query = ledger.app.get(LedgerQuery);
    const appender = ledger.app.get(ChainAppender);
    await waitFor(
      async () =>
        (await query.find({ limit: 1_000 })).filter((e) => e.subjectId.startsWith(run)).length === 60,
      { timeoutMs: 120_000, intervalMs: 250, description: '60 proposals in the ledger' },
    );
    const stored = await appender.collection.find({ chain }, { sort: { _id: 1 } });
    const head = stored.length;
    expect(head).toBeGreaterThanOrEqual(60);

    await waitFor(() => entries.size === head, {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: `${head} entries of ${chain} on ${Topics.LedgerEntries}`,
    });
    expect([...entries.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    for (const doc of stored) {
      const entry = entries.get(doc.seq);
      expect(entry).toMatchObject({
        entryId: doc._id,
        hash: doc.hash,
        prevHash: doc.prevHash,
        payloadHash: doc.payloadHash,
        subjectId: doc.subjectId,
      });
      expect(Buffer.from(entry?.payload ?? new Uint8Array()).toString('utf8')).toBe(doc.payloadJson);
    }
    // The topic alone is a linked chain.
    for (let seq = 2; seq <= head; seq++) expect(entries.get(seq)?.prevHash).toBe(entries.get(seq - 1)?.hash);

    await waitFor(() => checkpoints.length >= 2, {
      timeoutMs: 30_000,
      intervalMs: 200,
      description: 'two checkpoints on the topic',
    });
    const publicKeys = new Map([[key.keyId, createPublicKey(key.privateKey)]]);
    for (const cp of checkpoints) {
      expect(cp.keyId).toBe(key.keyId);
      expect(
        verifyCheckpoint(
          {
            chain: cp.chain,
            seq: cp.seq,
            hash: cp.headHash,
            at: cp.checkpointedAt?.toISOString() ?? '',
            keyId: cp.keyId,
            statement: cp.statement,
            signature: cp.signature,
          },
          publicKeys,
        ),
      ).toEqual({ ok: true });
      expect(entries.get(cp.seq)?.hash).toBe(cp.headHash);
    }
    expect(readdirSync(join(dir, 'witness'))).toEqual(
      expect.arrayContaining(
        checkpoints.map((cp) => `${chain}-${String(cp.seq).padStart(12, '0')}.checkpoint.json`),
      ),
    );
    expect(await ledger.app.get(LedgerVerification).verifyAnchored()).toMatchObject({
      ok: true,
      anchor: { status: 'ANCHORED' },
    });
  });
});
