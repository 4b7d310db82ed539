import { readFileSync } from 'node:fs';
import type { Logger, Metrics } from '@andon/observability';
import { assertSiteFiles, loadPlantModelFromEnv } from '@andon/plant-model';
import type { WritebackConfig } from '../config/writeback.config';
import { WritebackMetrics } from '../execute/writeback-metrics';
import { loadEndpointMaps } from './endpoint-map';
import { RestMesAdapter } from './rest-mes.adapter';

export type RestMesConfig = Pick<
  WritebackConfig,
  | 'MES_ENDPOINTS_DIR'
  | 'MES_BASE_URLS'
  | 'MES_TIMEOUT_MS'
  | 'MES_RETRY_ATTEMPTS'
  | 'MES_RETRY_BASE_MS'
  | 'MES_RETRY_MAX_MS'
  | 'MES_API_TOKEN'
> &
  Partial<
    Pick<WritebackConfig, 'MES_API_TOKENS' | 'MES_TLS_CERT_FILE' | 'MES_TLS_KEY_FILE' | 'MES_TLS_CA_FILE'>
  >;

/** The REST MES adapter from configuration: endpoint maps per site, base URL overrides, retry schedule. */
export function createRestMes(
  config: RestMesConfig,
  deps: { log: Logger; metrics: Metrics },
): RestMesAdapter {
  const retries = new WritebackMetrics(deps.metrics);
  // Every endpoint file must name a site of the plant model (config/plant): a stray or misnamed file stops the start.
  assertSiteFiles(loadPlantModelFromEnv(), { mesEndpoints: config.MES_ENDPOINTS_DIR });
  const maps = loadEndpointMaps(config.MES_ENDPOINTS_DIR, config.MES_BASE_URLS ?? {});
  const unknownSites = Object.keys(config.MES_API_TOKENS ?? {}).filter((site) => !maps.has(site));
  if (unknownSites.length > 0)
    throw new Error(
      `MES_API_TOKENS names ${unknownSites.join(', ')}, which has no endpoint map in ${config.MES_ENDPOINTS_DIR}`,
    );
  const tls =
    config.MES_TLS_CERT_FILE || config.MES_TLS_CA_FILE
      ? {
          cert: config.MES_TLS_CERT_FILE ? readPem('MES_TLS_CERT_FILE', config.MES_TLS_CERT_FILE) : undefined,
          key: config.MES_TLS_KEY_FILE ? readPem('MES_TLS_KEY_FILE', config.MES_TLS_KEY_FILE) : undefined,
          ca: config.MES_TLS_CA_FILE ? readPem('MES_TLS_CA_FILE', config.MES_TLS_CA_FILE) : undefined,
        }
      : undefined;
  return new RestMesAdapter({
    maps,
    timeoutMs: config.MES_TIMEOUT_MS,
    retry: {
      attempts: config.MES_RETRY_ATTEMPTS,
      baseDelayMs: config.MES_RETRY_BASE_MS,
      maxDelayMs: config.MES_RETRY_MAX_MS,
    },
    log: deps.log.child({ component: 'mes-rest' }),
    onRetry: () => retries.retried(),
    bearerToken: config.MES_API_TOKEN,
    siteTokens: config.MES_API_TOKENS,
    tls,
  });
}

function readPem(variable: string, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${variable}: cannot read ${file}: ${(err as Error).message}`);
  }
  if (!text.includes('-----BEGIN ')) throw new Error(`${variable}: ${file} is not PEM`);
  return text;
}
