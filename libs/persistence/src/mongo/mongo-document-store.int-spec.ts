import { mongoUri, uniqueName } from '@andon/testing';
import mongoose, { type mongo } from 'mongoose';
import { runDedupeWindowContract } from '../contract/dedupe-window.contract';
import { runDocumentStoreContract } from '../contract/document-store.contract';
import { createDocumentStore } from '../create-document-store';
import type { Versioned } from '../ports/document-store.port';
import { type Claim, ClaimedUpdates, type StoredDocument } from './claimed-update';
import { MongoDocumentStore, claimsCollectionName } from './mongo-document-store.adapter';

runDocumentStoreContract('MongoDB wire (FerretDB)', () =>
  MongoDocumentStore.connect(mongoUri(uniqueName('db'))),
);

const dedupeDb = uniqueName('dedupe');
runDedupeWindowContract('MongoDB wire (FerretDB)', () => MongoDocumentStore.connect(mongoUri(dedupeDb)));

describe('createDocumentStore with MONGO_URI', () => {
  it('connects to MongoDB instead of opening SQLite', async () => {
    const store = await createDocumentStore({
      MONGO_URI: mongoUri(uniqueName('factory')),
      ANDON_DATA_DIR: '/nonexistent/never-created',
    });
    try {
      expect(store).toBeInstanceOf(MongoDocumentStore);
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
    }
    expect(await store.ping()).toBe(false);
  });
});

interface Decision extends Versioned {
  status: string;
  by?: string;
}

/** Direct driver access to the same database, to plant what a crashed process leaves behind. */
async function rawDb(uri: string): Promise<{ db: mongo.Db; close: () => Promise<void> }> {
  const connection = await mongoose.createConnection(uri).asPromise();
  if (!connection.db) throw new Error('no database handle');
  return { db: connection.db, close: () => connection.close() };
}

describe('MongoDocumentStore claims (compare-and-set without atomic updates)', () => {
  let clock = 1_000_000;
  let uri: string;
  let store: MongoDocumentStore;
  let raw: Awaited<ReturnType<typeof rawDb>>;

  beforeAll(async () => {
    uri = mongoUri(uniqueName('db'));
    store = await MongoDocumentStore.connect(uri, { claimLeaseMs: 5_000, now: () => clock });
    raw = await rawDb(uri);
  });

  afterAll(async () => {
    await raw?.close();
    await store?.close();
  });

  async function plantAbandonedClaim(name: string, id: string, next: Partial<Decision>): Promise<void> {
    const decisions = await store.collection<Decision>(name);
    await decisions.insert({ _id: id, status: 'pending' });
    const state = await raw.db.collection<StoredDocument>(name).findOne({ _id: id });
    if (!state) throw new Error('seed missing');
    const claim: Claim = {
      _id: ClaimedUpdates.claimId({ ...state }),
      docId: id,
      fromVersion: 1,
      next: { ...state, ...next, version: 2 },
      claimedAt: clock,
    };
    await raw.db.collection<Claim>(claimsCollectionName(name)).insertOne(claim);
  }

  it('leaves no claim behind after an update', async () => {
    const decisions = await store.collection<Decision>('tidy');
    await decisions.insert({ _id: 'a', status: 'pending' });
    await decisions.compareAndSet('a', 1, { status: 'approved' });
    expect(await raw.db.collection(claimsCollectionName('tidy')).countDocuments({})).toBe(0);
  });

  it('blocks a version while a fresh claim is held, then completes it once the lease runs out', async () => {
    await plantAbandonedClaim('abandoned', 'x', { status: 'approved', by: 'crashed-approver' });
    const decisions = await store.collection<Decision>('abandoned');

    expect(await decisions.compareAndSet('x', 1, { status: 'rejected', by: 'late' })).toBeNull();
    expect(await decisions.get('x')).toMatchObject({ status: 'pending', version: 1 });

    clock += 5_001;
    // The crashed claimant had already won version 1; the late caller still loses, but the
    // document now shows the claimed move and is free for the next version.
    expect(await decisions.compareAndSet('x', 1, { status: 'rejected', by: 'late' })).toBeNull();
    expect(await decisions.get('x')).toEqual({
      _id: 'x',
      status: 'approved',
      by: 'crashed-approver',
      version: 2,
    });
    expect(await raw.db.collection(claimsCollectionName('abandoned')).countDocuments({})).toBe(0);
    expect(await decisions.compareAndSet('x', 2, { status: 'executed' })).toMatchObject({
      status: 'executed',
      version: 3,
    });
  });

  it('does not let a claim on an earlier incarnation of an _id block a re-inserted document', async () => {
    await plantAbandonedClaim('reinserted', 'y', { status: 'approved' });
    const decisions = await store.collection<Decision>('reinserted');
    expect(await decisions.deleteMany({ _id: 'y' })).toBe(1);
    await decisions.insert({ _id: 'y', status: 'draft' });
    expect(await decisions.compareAndSet('y', 1, { status: 'pending' })).toMatchObject({
      status: 'pending',
      version: 2,
    });
  });
});
