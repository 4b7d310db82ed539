import type { Abstract, Provider } from '@nestjs/common';
import { Metrics, type Logger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { SERVICE_CLOCK, systemClock, type Clock } from './clock';

/**
 * The ports a service module receives as instances (so services/standalone can compose the
 * mesh in one process) and hands to Nest's injector. Use cases inject them by these tokens
 * (`@Inject(DOCUMENT_STORE)`, `@Inject(SERVICE_LOG)`, `@Inject(SERVICE_CLOCK)`) or by class
 * (`Metrics`); the bus comes
 * from `BusModule.shared(bus)` under `EVENT_BUS`.
 */
export const DOCUMENT_STORE = Symbol('andon:document-store');
export const SERVICE_LOG = Symbol('andon:service-log');

export interface ServicePorts {
  store: DocumentStore;
  /** the service's logger; a `component` child is made here so every use case logs under it */
  log: Logger;
  metrics: Metrics;
  /** the component name its log lines carry */
  component: string;
  /** the time its use cases read; the system clock when absent (tests pass one they move) */
  clock?: Clock | undefined;
}

export function servicePortProviders(ports: ServicePorts): Provider[] {
  return [
    { provide: DOCUMENT_STORE, useValue: ports.store },
    { provide: SERVICE_LOG, useValue: ports.log.child({ component: ports.component }) },
    { provide: Metrics, useValue: ports.metrics },
    { provide: SERVICE_CLOCK, useValue: ports.clock ?? systemClock },
  ];
}

/** A repository that opens (creates its collections and indexes) on the document store. */
export interface OpensOnStore<T> {
  open(store: DocumentStore): T | Promise<T>;
}

/**
 * The provider of a repository opened on the module's store at start, under its class:
 * `storeRepository(ActionRepository)` for
 * `{ provide: ActionRepository, useFactory: (s) => ActionRepository.open(s), inject: [DOCUMENT_STORE] }`.
 */
export function storeRepository<T>(repository: OpensOnStore<T> & { readonly prototype: T }): Provider {
  return {
    // A repository class is its own token; its constructor is private (open() is the way in).
    provide: repository as unknown as Abstract<T>,
    useFactory: (store: DocumentStore) => repository.open(store),
    inject: [DOCUMENT_STORE],
  };
}
