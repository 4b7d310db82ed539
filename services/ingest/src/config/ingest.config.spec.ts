import { ConfigError } from '@andon/config';
import { loadIngestConfig } from './ingest.config';

describe('loadIngestConfig', () => {
  it('has safe defaults: no tokens means nobody is authorised', () => {
    const config = loadIngestConfig({});
    expect(config).toMatchObject({
      INGEST_GROUP_ID: 'ingest',
      INGEST_HTTP_TOKENS: [],
      INGEST_ADMIN_TOKENS: [],
      INGEST_MAX_BYTES: 262_144,
      INGEST_MAX_SKEW_MS: 86_400_000,
      INGEST_SITE_CODES_DIR: 'config/site-codes',
    });
  });

  it('reads token lists and limits', () => {
    const config = loadIngestConfig({
      INGEST_HTTP_TOKENS: ' a , b,,',
      INGEST_MAX_SKEW_MS: '60000',
      INGEST_MAX_BYTES: '1024',
    });
    expect(config.INGEST_HTTP_TOKENS).toEqual(['a', 'b']);
    expect(config.INGEST_MAX_SKEW_MS).toBe(60_000);
    expect(config.INGEST_MAX_BYTES).toBe(1_024);
  });

  it('names every invalid variable', () => {
    expect(() => loadIngestConfig({ INGEST_MAX_BYTES: '-1', INGEST_MAX_SKEW_MS: 'soon' })).toThrow(
      ConfigError,
    );
    expect(() => loadIngestConfig({ INGEST_MAX_BYTES: '-1', INGEST_MAX_SKEW_MS: 'soon' })).toThrow(
      /INGEST_MAX_BYTES[\s\S]*INGEST_MAX_SKEW_MS|INGEST_MAX_SKEW_MS[\s\S]*INGEST_MAX_BYTES/,
    );
  });
});
