import 'reflect-metadata';
import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, Metrics } from '@andon/observability';
import { SqliteDocumentStore, type DocumentStore } from '@andon/persistence';
import { clockOf, SERVICE_CLOCK, type Clock } from './clock';
import { DOCUMENT_STORE, servicePortProviders, storeRepository } from './service-ports';

/** A repository as services write them: a private constructor, opened on the store. */
class NotesRepository {
  private constructor(readonly store: DocumentStore) {}
  static opened = 0;
  static async open(store: DocumentStore): Promise<NotesRepository> {
    NotesRepository.opened += 1;
    await store.collection('notes');
    return new NotesRepository(store);
  }
}

@Injectable()
class StampNote {
  constructor(
    @Inject(NotesRepository) readonly notes: NotesRepository,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {}
  stamp(): string {
    return this.clock.now().toISOString();
  }
}

describe('servicePortProviders and storeRepository: the ports a module hands to Nest', () => {
  const build = async (clock?: Clock) => {
    const store = SqliteDocumentStore.open(':memory:');
    @Module({
      providers: [
        ...servicePortProviders({
          store,
          log: createLogger('test', 'silent'),
          metrics: new Metrics({}, false),
          component: 'test',
          clock,
        }),
        storeRepository(NotesRepository),
        StampNote,
      ],
    })
    class TestModule {}
    const app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    return { app, store };
  };

  it('opens a repository once on the module store and injects it and the given clock by token', async () => {
    NotesRepository.opened = 0;
    const at = new Date('2026-12-01T06:00:00Z');
    const { app, store } = await build(clockOf(() => at));
    const useCase = app.get(StampNote);
    expect(useCase.notes.store).toBe(store);
    expect(app.get(DOCUMENT_STORE)).toBe(store);
    expect(NotesRepository.opened).toBe(1);
    expect(useCase.stamp()).toBe(at.toISOString());
    await app.close();
    await store.close();
  });

  it('reads the system clock when the module is given none', async () => {
    const { app, store } = await build();
    const before = Date.now();
    const stamped = Date.parse(app.get(StampNote).stamp());
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
    await app.close();
    await store.close();
  });
});
