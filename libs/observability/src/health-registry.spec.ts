import { HealthRegistry } from './health-registry';

describe('HealthRegistry', () => {
  it('is ready only when every check passes, and a throwing check counts as failing', async () => {
    const health = new HealthRegistry();
    health.register('bus', () => true);
    expect(await health.readiness()).toEqual({ status: 'ok', checks: { bus: 'ok' } });
    health.register('store', async () => {
      throw new Error('down');
    });
    expect(await health.readiness()).toEqual({ status: 'failing', checks: { bus: 'ok', store: 'failing' } });
  });
});
