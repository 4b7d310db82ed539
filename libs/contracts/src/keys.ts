/** The location fields a partition key is built from (structurally a Location). */
export interface KeyLocation {
  readonly site: string;
  readonly line: string;
}

function assertKeyPart(value: string, what: string): void {
  // '/' is the separator; allowing it inside a part would make two locations share a key.
  if (value.includes('/')) throw new Error(`${what} "${value}" must not contain "/"`);
}

/**
 * Partition key for site/line-keyed topics: `site/line`, or `site` for site-wide records.
 * Throws without a site: an unkeyed record would be spread over partitions and lose order.
 */
export function locationKey(location: KeyLocation | undefined): string {
  const site = location?.site ?? '';
  const line = location?.line ?? '';
  if (site === '') throw new Error('locationKey: location.site is required');
  assertKeyPart(site, 'site');
  assertKeyPart(line, 'line');
  return line === '' ? site : `${site}/${line}`;
}

/** Key for andon.documents.published.v1: one key per revision, so compaction keeps every revision. */
export function documentRevisionKey(documentId: string, revision: string): string {
  if (documentId === '' || revision === '') {
    throw new Error('documentRevisionKey: documentId and revision are required');
  }
  assertKeyPart(documentId, 'documentId');
  return `${documentId}/${revision}`;
}

/** The one key of andon.ledger.entries.v1 (see TopicKey 'chain'). */
export const LEDGER_CHAIN_KEY = 'ledger';
