import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentCollection, DocumentStore } from '../ports/document-store.port';
import { SqliteDocumentStore } from '../sqlite/sqlite-document-store.adapter';
import { ScopedRepository, type SiteScoped } from './scoped-repository';

interface Action extends SiteScoped {
  status: 'proposed' | 'approved';
  line: string;
}

class ActionsRepository extends ScopedRepository<Action> {
  constructor(collection: DocumentCollection<Action>) {
    super(collection);
  }

  proposed(sites: readonly string[]): Promise<Action[]> {
    return this.find(sites, { status: 'proposed' }, { sort: { _id: 1 } });
  }
}

describe('ScopedRepository', () => {
  let dir: string;
  let store: DocumentStore;
  let actions: ActionsRepository;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'andon-scoped-'));
    store = SqliteDocumentStore.open(join(dir, 'andon.sqlite'));
    actions = new ActionsRepository(await store.collection<Action>('actions'));
    await actions.insert({ _id: 'a1', site: 'berlin', status: 'proposed', line: 'L1' });
    await actions.insert({ _id: 'a2', site: 'lyon', status: 'proposed', line: 'L1' });
    await actions.insert({ _id: 'a3', site: 'berlin', status: 'approved', line: 'L2' });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds and counts only within the given sites', async () => {
    expect((await actions.proposed(['berlin'])).map((a) => a._id)).toEqual(['a1']);
    expect((await actions.proposed(['berlin', 'lyon'])).map((a) => a._id)).toEqual(['a1', 'a2']);
    expect(await actions.count(['berlin'])).toBe(2);
    expect(await actions.count(['lyon'], { line: 'L2' })).toBe(0);
  });

  it('finds nothing for an empty site list', async () => {
    expect(await actions.find([])).toEqual([]);
    expect(await actions.count([])).toBe(0);
    expect(await actions.get([], 'a1')).toBeNull();
    expect(await actions.compareAndSet([], 'a1', 1, { status: 'approved' })).toBeNull();
  });

  it('hides documents of other sites from get', async () => {
    expect(await actions.get(['lyon'], 'a1')).toBeNull();
    expect(await actions.get(['berlin'], 'a1')).toMatchObject({ _id: 'a1', site: 'berlin' });
  });

  it('refuses updates outside the given sites and site changes', async () => {
    expect(await actions.compareAndSet(['lyon'], 'a1', 1, { status: 'approved' })).toBeNull();
    expect(await actions.get(['berlin'], 'a1')).toMatchObject({ status: 'proposed', version: 1 });
    await expect(
      actions.compareAndSet(['berlin'], 'a1', 1, { site: 'lyon' } as Partial<
        Omit<Action, '_id' | 'version' | 'site'>
      >),
    ).rejects.toMatchObject({ code: 'invalid-document' });
    expect(
      await actions.compareAndSet(['berlin'], 'a1', 1, { status: 'approved' }, { status: 'proposed' }),
    ).toMatchObject({
      status: 'approved',
      version: 2,
    });
  });

  it('refuses a site condition smuggled into the filter', async () => {
    await expect(actions.find(['berlin'], { site: 'lyon' })).rejects.toMatchObject({ code: 'invalid-query' });
  });

  it('requires a site on insert', async () => {
    await expect(
      actions.insert({ _id: 'x', site: '', status: 'proposed', line: 'L1' }),
    ).rejects.toMatchObject({
      code: 'invalid-document',
    });
  });

  it('does not compile a query without sites', () => {
    // @ts-expect-error the sites argument is required
    const unscoped = () => actions.find({ status: 'proposed' });
    expect(typeof unscoped).toBe('function');
  });
});
