import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessEventBus } from '@andon/bus';
import { LedgerCheckpoint, LedgerEntry, Topics } from '@andon/contracts';
import type { INestApplicationContext } from '@nestjs/common';
import { ChainAppender, GENESIS_HASH } from '@andon/governance/ledger';
import { createLogger } from '@andon/observability';
import { MongoDocumentStore, type DocumentStore } from '@andon/persistence';
import { mongoUri, uniqueName, waitFor } from '@andon/testing';
import { entryId, headerHash, sha256, type EntryFields, type StoredEntry } from '../src/chain/chain-format';
import { LedgerOutbox } from '../src/anchor/ledger-outbox';
import type { AuditLedgerModuleConfig } from '../src/audit-ledger.module';
import { openLedgerContext } from '../src/testing/ledger-app';
import { LedgerVerification } from '../src/verify/ledger-verification.service';
import { verifyRange } from '../src/verify/range-verifier';
import { rawMongo, rawSqlite, tempSqlite, type RawLedgerDb } from '../src/testing/temp-store';

/*
 * Insiders with database access, on both stores: they delete the newest entries, or edit
 * an entry and recompute every hash after it, through the store's raw driver. The chain
 * alone verifies green after the second; the signed checkpoint in the witness directory
 * names both.
 */

interface StoreUnderTest {
  store: DocumentStore;
  raw(): Promise<RawLedgerDb>;
  close(): Promise<void>;
}

async function sqlite(): Promise<StoreUnderTest> {
  const db = tempSqlite();
  return { store: db.store, raw: async () => rawSqlite(db.file), close: () => db.close() };
}

async function ferretdb(): Promise<StoreUnderTest> {
  const uri = mongoUri(uniqueName('anchor'));
  const store = await MongoDocumentStore.connect(uri);
  return { store, raw: () => rawMongo(uri), close: () => store.close() };
}

const decided = (i: number): EntryFields => ({
  kind: 'action.decided',
  subjectId: `act-${i}`,
  site: 'plant-a',
  correlationId: `corr-${i}`,
  payload: { outcome: 'approved', i },
});

/** An insider's rewrite: new payload at `seq`, then every hash from there to the head recomputed and stored. */
async function editAndRecompute(
  appender: ChainAppender,
  raw: RawLedgerDb,
  seq: number,
  payload: unknown,
): Promise<void> {
  const docs = await appender.collection.find({}, { sort: { _id: 1 } });
  let prevHash = docs.find((d) => d.seq === seq - 1)?.hash ?? GENESIS_HASH;
  for (const doc of docs.filter((d) => d.seq >= seq)) {
    const payloadJson = doc.seq === seq ? JSON.stringify(payload) : doc.payloadJson;
    const forged: StoredEntry = { ...doc, payloadJson, payloadHash: sha256(payloadJson), prevHash };
    forged.hash = headerHash(prevHash, forged);
    for (const field of ['payloadJson', 'payloadHash', 'prevHash', 'hash'] as const)
      await raw.set(doc._id, field, forged[field]);
    prevHash = forged.hash;
  }
}

describe.each([
  ['SQLite', sqlite],
  ['FerretDB', ferretdb],
])('anchored ledger on %s', (_name, open) => {
  let sut: StoreUnderTest;
  let bus: InProcessEventBus;
  let ledger: INestApplicationContext;
  let appender: ChainAppender;
  let outbox: LedgerOutbox;
  let verification: LedgerVerification;
  let config: Partial<AuditLedgerModuleConfig>;
  let dir: string;
  /** The module as the service builds it; its own publishing sweep is held off so each spec runs the rounds. */
  const start = async (): Promise<void> => {
    ledger = await openLedgerContext(bus, sut.store, config);
    appender = ledger.get(ChainAppender);
    outbox = ledger.get(LedgerOutbox);
    verification = ledger.get(LedgerVerification);
  };
  const onTopic = { entries: [] as LedgerEntry[], checkpoints: [] as LedgerCheckpoint[] };

  beforeEach(async () => {
    sut = await open();
    dir = mkdtempSync(join(tmpdir(), 'andon-anchor-'));
    bus = new InProcessEventBus({ logger: createLogger('bus', 'silent') });
    onTopic.entries = [];
    onTopic.checkpoints = [];
    await bus.ensureTopics(
      [Topics.LedgerEntries, Topics.LedgerCheckpoints].map((name) => ({ name, partitions: 1 })),
    );
    await bus.subscribe({
      groupId: 'archive',
      topics: [Topics.LedgerEntries],
      handler: async (value) => void onTopic.entries.push(LedgerEntry.decode(value)),
    });
    await bus.subscribe({
      groupId: 'auditor',
      topics: [Topics.LedgerCheckpoints],
      handler: async (value) => void onTopic.checkpoints.push(LedgerCheckpoint.decode(value)),
    });
    config = {
      LEDGER_CHAIN: 'main',
      CONSUMER_GROUP: 'ledger',
      LEDGER_SOURCE_LEASE_MS: 10_000,
      LEDGER_VERIFY_WORKERS: 0,
      LEDGER_WITNESS_DIR: join(dir, 'witness'),
      ANDON_DATA_DIR: join(dir, 'data'),
      LEDGER_CHECKPOINT_EVERY: 10,
      LEDGER_CHECKPOINT_INTERVAL_MS: 3_600_000,
      LEDGER_PUBLISH_INTERVAL_MS: 3_600_000,
    };
    await start();
    // seq 1..10 -> checkpoint 10; 11..30 -> checkpoint 30; 31..34 unanchored.
    for (const [from, to] of [
      [0, 10],
      [10, 30],
      [30, 34],
    ] as const) {
      await appender.append(Array.from({ length: to - from }, (_, k) => decided(from + k + 1)));
      await outbox.round();
    }
  });

  afterEach(async () => {
    await ledger?.close();
    await bus.close();
    await sut.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every entry once in order, signs checkpoints every N entries into the witness, and verifies anchored', async () => {
    await waitFor(() => onTopic.entries.length === 34 && onTopic.checkpoints.length === 2, {
      timeoutMs: 10_000,
      description: '34 entries and 2 checkpoints on the topics',
    });
    expect(onTopic.entries.map((e) => e.seq)).toEqual(Array.from({ length: 34 }, (_, i) => i + 1));
    const stored = await appender.collection.find({}, { sort: { _id: 1 } });
    expect(onTopic.entries.map((e) => e.hash)).toEqual(stored.map((d) => d.hash));
    expect(onTopic.checkpoints.map((c) => [c.seq, c.headHash])).toEqual([
      [10, stored[9]?.hash],
      [30, stored[29]?.hash],
    ]);
    expect(readdirSync(join(dir, 'witness')).sort()).toEqual([
      'main-000000000010.checkpoint.json',
      'main-000000000030.checkpoint.json',
    ]);
    // A round with nothing new publishes nothing and signs nothing.
    expect(await outbox.round()).toEqual({ published: 0, checkpoint: null });

    const verdict = await verification.verifyAnchored();
    expect(verdict).toMatchObject({
      ok: true,
      checked: 34,
      anchor: {
        status: 'ANCHORED',
        unanchoredEntries: 4,
        checkpoint: { seq: 30, file: join(dir, 'witness', 'main-000000000030.checkpoint.json') },
      },
    });
  });

  it('publishes after a restart what a crash left between append and publish', async () => {
    // Appended, then the process dies before its outbox ran.
    await appender.append(Array.from({ length: 5 }, (_, k) => decided(200 + k)));
    await ledger.close();
    // The restarted module publishes them as it starts, before any append kicks it.
    await start();
    await waitFor(() => onTopic.entries.length === 39, {
      timeoutMs: 10_000,
      description: '39 entries on the topic',
    });
    expect(onTopic.entries.map((e) => e.seq)).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
  });

  it('names a truncated tail that still verifies as a chain', async () => {
    const raw = await sut.raw();
    try {
      for (let seq = 34; seq >= 28; seq--) await raw.remove(entryId('main', seq));
    } finally {
      await raw.close();
    }
    expect(await verifyRange(appender.collection, 'main')).toMatchObject({ ok: true, checked: 27 });
    expect(await verification.verifyAnchored()).toMatchObject({
      ok: false,
      reason: 'TRUNCATED',
      firstBadSeq: 28,
      anchor: { status: 'TRUNCATED', checkpoint: { seq: 30 } },
    });
  });

  it('names an edited entry whose chain was recomputed, and where the rewrite starts; the outbox refuses to go on', async () => {
    const raw = await sut.raw();
    try {
      await editAndRecompute(appender, raw, 15, { outcome: 'rejected', i: 15 });
    } finally {
      await raw.close();
    }
    // Every link holds: only the anchor can tell.
    expect(await verifyRange(appender.collection, 'main')).toMatchObject({ ok: true, checked: 34 });
    const verdict = await verification.verifyAnchored();
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'DIVERGED',
      firstBadSeq: 11,
      anchor: { status: 'DIVERGED', checkpoint: { seq: 30 } },
    });
    expect(verdict.ok ? '' : verdict.detail).toContain('it still matches checkpoint 10');

    // New entries on the rewritten chain reach neither the topic nor a checkpoint.
    await appender.append(Array.from({ length: 12 }, (_, k) => decided(100 + k)));
    expect(await outbox.round()).toEqual({ published: 0, checkpoint: null });
    expect(onTopic.entries).toHaveLength(34);
    expect(readdirSync(join(dir, 'witness'))).toHaveLength(2);
  });

  it('refuses a witness file that was not signed by the ledger key', async () => {
    const { writeFileSync, chmodSync } = await import('node:fs');
    const file = join(dir, 'witness', 'main-000000000030.checkpoint.json');
    chmodSync(file, 0o644);
    writeFileSync(
      file,
      JSON.stringify({
        chain: 'main',
        seq: 30,
        hash: 'f'.repeat(64),
        at: new Date().toISOString(),
        keyId: '0'.repeat(16),
        statement: '{}',
        signature: '',
      }),
    );
    expect(await verification.verifyAnchored()).toMatchObject({
      ok: false,
      reason: 'CHECKPOINT_INVALID',
      anchor: { status: 'CHECKPOINT_INVALID' },
    });
  });
});
