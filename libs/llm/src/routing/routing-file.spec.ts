import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decideRoute, RoutingRegistry, type RoutingFile, type TierScore } from './routing-file';

const T = { minAccuracy: 0.9, maxHallucinationRate: 0.05, minPolicyAdherence: 1 };
const score = (passRate: number, extra: Partial<TierScore> = {}): TierScore => ({
  model: 'm',
  scenarios: 10,
  passRate,
  hallucinationRate: 0,
  policyAdherence: 1,
  ...extra,
});

describe('decideRoute (RouteLLM-style: small only within the margin of large)', () => {
  it.each([
    ['small within the margin', score(0.86), score(0.9), 'small'],
    ['small exactly at the margin', score(0.85), score(0.9), 'small'],
    ['small below the margin', score(0.84), score(0.9), 'large'],
    ['small better than large', score(1), score(0.7), 'small'],
    ['small hallucinates above the threshold', score(1, { hallucinationRate: 0.1 }), score(0.5), 'large'],
    ['small breaks policy', score(1, { policyAdherence: 0.9 }), score(0.5), 'large'],
    ['no large evidence, small meets the gate', score(0.9), undefined, 'small'],
    ['no large evidence, small below the gate', score(0.8), undefined, 'large'],
  ] as const)('%s', (_name, small, large, tier) => {
    expect(decideRoute(small, large, 0.05, T).tier).toBe(tier);
  });
});

describe('RoutingRegistry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'andon-routing-reg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (version: string, tier: 'small' | 'large'): RoutingFile => ({
    version,
    createdAt: '2026-12-06T00:00:00Z',
    margin: 0.05,
    evidence: { small: 's', large: null, repeats: 1 },
    routes: { 'root-cause': { tier, reason: 'test', small: score(1) } },
  });

  it('versions files, never rewrites one, activates and rolls back per environment', () => {
    const reg = new RoutingRegistry(dir);
    expect(reg.nextVersion()).toBe('r1');
    expect(reg.activeRoutes('development')).toEqual({});
    reg.write(file('r1', 'small'));
    expect(() => reg.write(file('r1', 'large'))).toThrow(/never rewritten/);
    reg.write(file('r2', 'large'));
    expect(reg.nextVersion()).toBe('r3');
    reg.activate('r1', 'development', { at: 'a', by: 'x' });
    reg.activate('r2', 'development', { at: 'b', by: 'x' });
    expect(reg.activeRoutes('development')).toEqual({ 'root-cause': 'large' });
    expect(reg.activeRoutes('production')).toEqual({});
    reg.rollback('development', { at: 'c', by: 'x' });
    expect(reg.activeRoutes('development')).toEqual({ 'root-cause': 'small' });
  });

  it('refuses a malformed file', () => {
    writeFileSync(
      join(dir, 'r9.json'),
      JSON.stringify({ version: 'r9', routes: { 'root-cause': { tier: 'medium' } } }),
    );
    expect(() => new RoutingRegistry(dir).load('r9')).toThrow();
  });
});
