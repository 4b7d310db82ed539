import { StaticTokenAuthenticator, parseBoundTokens, type PreAuthRule } from '@andon/service-kit';

/** Integration systems posting events (INGEST_HTTP_TOKENS, each bound to its sites). */
export const INGEST_SCHEME = 'ingest';
/** Operators: DLQ replay, unmapped codes, code-map reload (INGEST_ADMIN_TOKENS). */
export const INGEST_ADMIN_SCHEME = 'ingest-admin';

export interface IngestAuthenticators {
  events: StaticTokenAuthenticator;
  admin: StaticTokenAuthenticator;
}

export function ingestAuthenticators(config: {
  INGEST_HTTP_TOKENS: readonly string[];
  INGEST_ADMIN_TOKENS: readonly string[];
}): IngestAuthenticators {
  return {
    events: new StaticTokenAuthenticator(
      INGEST_SCHEME,
      parseBoundTokens(config.INGEST_HTTP_TOKENS, 'INGEST_HTTP_TOKENS'),
      'ingest',
    ),
    admin: new StaticTokenAuthenticator(
      INGEST_ADMIN_SCHEME,
      parseBoundTokens(config.INGEST_ADMIN_TOKENS, 'INGEST_ADMIN_TOKENS'),
      'ingest administration',
    ),
  };
}

/** POST /ingest/v1/events: the token is checked before the (up to INGEST_HTTP_MAX_BODY_BYTES) body is read. */
export const INGEST_PRE_AUTH: readonly PreAuthRule[] = [
  { method: 'POST', path: /^\/ingest\/v1\/events\/?$/, scheme: INGEST_SCHEME },
];
