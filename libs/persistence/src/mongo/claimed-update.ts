import { createHash } from 'node:crypto';
import type { mongo } from 'mongoose';
import { DocumentStoreError } from '../document-store.errors';
import { type JsonObject, canonicalJson } from '../core/json-document';
import { isDuplicateKeyError } from './mongo-errors';

/**
 * One document's intent to move from `fromVersion` to `next`. Its `_id` names the
 * exact state being left, so among callers that read the same state exactly one can
 * insert it: the insert is the atomic step, the replace that follows has no rival.
 */
export interface Claim {
  _id: string;
  docId: string;
  fromVersion: number;
  next: StoredDocument;
  claimedAt: number;
}

/** A document as the driver sees it: the port's `_id` is always a string. */
export interface StoredDocument {
  _id: string;
  version: number;
  [field: string]: unknown;
}

export interface ClaimedUpdateOptions {
  /** how long a claim may stay before another caller completes it on the owner's behalf */
  leaseMs: number;
  now: () => number;
}

/**
 * Compare-and-set for MongoDB-wire servers whose conditional updates are not atomic.
 *
 * FerretDB v1 executes `updateOne({_id, version: v}, ...)` as a query followed by a
 * write keyed by `_id` alone, so N parallel updates of one version can all report a
 * match and all write (measured: 18 of 20 rounds with 8 contenders had several
 * "winners"). Inserts against a unique index are atomic there, so the race is decided by
 * inserting a claim into a side collection; only the claimant writes the document.
 *
 * A claimant that dies between claim and write leaves the document stuck on its version.
 * After `leaseMs` the next caller that collides with the claim completes it: it writes
 * the claim's `next` (the same bytes the owner would have written, so owner and helper
 * racing is harmless) and removes the claim. See docs/adr/0005-document-store.md.
 */
export class ClaimedUpdates {
  constructor(
    private readonly docs: mongo.Collection<StoredDocument>,
    private readonly claims: mongo.Collection<Claim>,
    private readonly options: ClaimedUpdateOptions,
  ) {}

  static claimId(current: StoredDocument): string {
    // Everything in the store was written as plain JSON (normalizeDocument), so it reads back as JSON.
    const digest = createHash('sha256')
      .update(canonicalJson(current as JsonObject))
      .digest('base64url')
      .slice(0, 22);
    return `${current._id}@${current.version}#${digest}`;
  }

  /** Moves `current` (as read) to `next`; null when another caller holds or won the move. */
  async apply(current: StoredDocument, next: StoredDocument): Promise<StoredDocument | null> {
    const claim: Claim = {
      _id: ClaimedUpdates.claimId(current),
      docId: current._id,
      fromVersion: current.version,
      next,
      claimedAt: this.options.now(),
    };
    try {
      await this.claims.insertOne(claim);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await this.completeIfAbandoned(claim._id);
      return null;
    }
    try {
      const result = await this.docs.replaceOne({ _id: claim.docId, version: claim.fromVersion }, next);
      return result.matchedCount === 1 ? next : null;
    } catch (err) {
      if (isDuplicateKeyError(err)) {
        throw new DocumentStoreError('duplicate-key', `update of "${claim.docId}" violates a unique index`);
      }
      throw err;
    } finally {
      await this.release(claim._id);
    }
  }

  private async completeIfAbandoned(claimId: string): Promise<void> {
    const claim = await this.claims.findOne({ _id: claimId });
    if (!claim || claim.claimedAt + this.options.leaseMs > this.options.now()) return;
    try {
      await this.docs.replaceOne({ _id: claim.docId, version: claim.fromVersion }, claim.next);
    } catch (err) {
      // A claim whose move breaks a unique index can never complete; dropping it unblocks the document.
      if (!isDuplicateKeyError(err)) throw err;
    }
    await this.release(claimId);
  }

  private async release(claimId: string): Promise<void> {
    try {
      await this.claims.deleteOne({ _id: claimId });
    } catch {
      // A claim left behind blocks only this one version, and only until its lease runs
      // out and completeIfAbandoned removes it; the caller's result stands.
    }
  }
}
