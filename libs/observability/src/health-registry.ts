export type HealthCheck = () => Promise<boolean> | boolean;

export interface HealthReport {
  status: 'ok' | 'failing';
  checks: Record<string, 'ok' | 'failing'>;
}

/**
 * Readiness is the conjunction of named checks each adapter registers (bus connected,
 * store reachable, index reachable). Liveness only says the event loop answers.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async readiness(): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    for (const [name, check] of this.checks) {
      let ok = false;
      try {
        ok = await check();
      } catch {
        ok = false;
      }
      checks[name] = ok ? 'ok' : 'failing';
    }
    const status = Object.values(checks).every((c) => c === 'ok') ? 'ok' : 'failing';
    return { status, checks };
  }
}
