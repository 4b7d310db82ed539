/**
 * Remembers which events a consumer group has processed, so a redelivered message
 * (at-least-once delivery) is acknowledged without running its handler again.
 * `markProcessed` runs after the handler succeeds and before the offset is committed.
 * A store-backed implementation should make `markProcessed` an insert-if-absent.
 */
export interface IdempotencyStore {
  seen(groupId: string, eventId: string): Promise<boolean>;
  markProcessed(groupId: string, eventId: string): Promise<void>;
}
