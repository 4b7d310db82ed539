import { SetMetadata } from '@nestjs/common';

export const SWEEP_METADATA = 'andon:kit-sweep';

/** One periodic sweep: expiry, reconcile, checkpoint, purge, retention. */
export interface SweepSpec {
  /** Unique in the process (the standalone runs every service's sweeps): `<service>.<sweep>`. */
  name: string;
  everyMs: number;
}

/** Reads a provider's sweep from its own config when the application bootstraps; null: no sweep here. */
export type SweepResolver<T> = (self: T) => SweepSpec | null;

/**
 * Marks a provider method `() => Promise<unknown>` as a scheduled sweep (through
 * @nestjs/schedule's registry). A tick never overlaps the previous one, a failure is
 * logged and the next tick runs; at shutdown the timers stop and a running sweep drains
 * before any provider's onApplicationShutdown closes what it uses.
 */
export function Sweep<T>(resolve: SweepResolver<T>): MethodDecorator {
  return SetMetadata(SWEEP_METADATA, resolve);
}
