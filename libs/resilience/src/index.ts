export {
  retrySettings,
  retrySettingsSchema,
  attemptsFromRetries,
  type RetrySettings,
} from './retry-settings';
export { retryPolicy, runWithRetry, type RetryHooks } from './retry';
export {
  breakerPolicy,
  circuitState,
  isCircuitOpen,
  type BreakerSettings,
  type CircuitState,
} from './circuit-breaker';
