import type { Logger, Metrics } from '@andon/observability';
import type { WritebackConfig } from '../config/writeback.config';
import { WritebackMetrics } from '../execute/writeback-metrics';
import { loadEndpointMaps } from './endpoint-map';
import { RestMesAdapter } from './rest-mes.adapter';

export type RestMesConfig = Pick<
  WritebackConfig,
  'MES_ENDPOINTS_DIR' | 'MES_BASE_URLS' | 'MES_TIMEOUT_MS' | 'MES_RETRY_ATTEMPTS' | 'MES_RETRY_BASE_MS' | 'MES_RETRY_MAX_MS' | 'MES_API_TOKEN'
>;

/** The REST MES adapter from configuration: endpoint maps per site, base URL overrides, retry schedule. */
export function createRestMes(config: RestMesConfig, deps: { log: Logger; metrics: Metrics }): RestMesAdapter {
  const retries = new WritebackMetrics(deps.metrics);
  return new RestMesAdapter({
    maps: loadEndpointMaps(config.MES_ENDPOINTS_DIR, config.MES_BASE_URLS ?? {}),
    timeoutMs: config.MES_TIMEOUT_MS,
    retry: { attempts: config.MES_RETRY_ATTEMPTS, baseDelayMs: config.MES_RETRY_BASE_MS, maxDelayMs: config.MES_RETRY_MAX_MS },
    log: deps.log.child({ component: 'mes-rest' }),
    onRetry: () => retries.retried(),
    bearerToken: config.MES_API_TOKEN,
  });
}
