import {
  BrokenCircuitError,
  CircuitState as CockatielState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleAll,
  type CircuitBreakerPolicy,
} from 'cockatiel';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  resetTimeoutMs: number;
}

const STATES: Record<CockatielState, CircuitState> = {
  [CockatielState.Closed]: 'closed',
  [CockatielState.Open]: 'open',
  [CockatielState.HalfOpen]: 'half-open',
  [CockatielState.Isolated]: 'open',
};

/**
 * A consecutive-failure breaker. While half-open exactly one trial call runs; callers that
 * arrive meanwhile wait for it, then run if it closed the circuit or are refused
 * ({@link isCircuitOpen}) if it opened it again, so a recovering provider is not stampeded.
 */
export function breakerPolicy(
  settings: BreakerSettings,
  onStateChange?: (state: CircuitState) => void,
): CircuitBreakerPolicy {
  if (!Number.isInteger(settings.failureThreshold) || settings.failureThreshold < 1)
    throw new RangeError('failureThreshold must be an integer >= 1');
  const policy = circuitBreaker(handleAll, {
    halfOpenAfter: settings.resetTimeoutMs,
    breaker: new ConsecutiveBreaker(settings.failureThreshold),
  });
  if (onStateChange) policy.onStateChange((state) => onStateChange(STATES[state]));
  return policy;
}

export function circuitState(policy: CircuitBreakerPolicy): CircuitState {
  return STATES[policy.state];
}

/** The breaker refused the call without running it. */
export function isCircuitOpen(err: unknown): boolean {
  return err instanceof BrokenCircuitError;
}
