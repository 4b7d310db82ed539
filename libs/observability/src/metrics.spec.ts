import { Metrics } from './metrics';

describe('Metrics', () => {
  it('returns the same series when a metric is declared twice and exposes it', async () => {
    const metrics = new Metrics({ service: 'test' }, false);
    const a = metrics.counter('andon_test_total', 'test', ['reason']);
    const b = metrics.counter('andon_test_total', 'test', ['reason']);
    a.inc({ reason: 'x' });
    b.inc({ reason: 'x' });
    const { body } = await metrics.exposition();
    expect(body).toContain('andon_test_total{reason="x",service="test"} 2');
  });
});
