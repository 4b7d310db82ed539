import { must } from '../test-support/must';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicies } from './load-policies';
import { POLICY_ROOT } from './scenarios/policy-fixtures';

describe('loadPolicies', () => {
  it('loads the repository seed: v1 active, v2 shadow, differing in one rule', () => {
    const { active, shadow } = loadPolicies(POLICY_ROOT);
    expect(active.version).toBe('v1');
    expect(active.rules.map((r) => r.id).sort()).toEqual([
      'create-work-order',
      'create-work-order-plant-b-line-3',
      'hold-lot',
      'post-shift-log',
      'publish-report',
      'publish-schedule-scenario',
      'raise-compliance-flag',
      'start-investigation',
    ]);
    const changed = must(shadow).rules.filter((r) => {
      const before = active.rules.find((a) => a.id === r.id);
      return (
        JSON.stringify(before?.require) !== JSON.stringify(r.require) ||
        JSON.stringify(before?.match) !== JSON.stringify(r.match)
      );
    });
    expect(changed.map((r) => r.id)).toEqual(['start-investigation']);
  });

  it('is deterministic: the same files give the same digest', () => {
    expect(loadPolicies(POLICY_ROOT).active.digest).toBe(loadPolicies(POLICY_ROOT).active.digest);
  });

  it('names a missing version folder and a bad active.yaml', () => {
    const root = mkdtempSync(join(tmpdir(), 'andon-policies-'));
    writeFileSync(join(root, 'active.yaml'), 'active: v7\n');
    expect(() => loadPolicies(root)).toThrow(/v7 does not exist/);
    writeFileSync(join(root, 'active.yaml'), 'active: latest\n');
    expect(() => loadPolicies(root)).toThrow(/active\.yaml: active: must name a version folder/);
    mkdirSync(join(root, 'v1'));
    writeFileSync(join(root, 'active.yaml'), 'active: v1\nshadow: v1\n');
    expect(() => loadPolicies(root)).toThrow(/shadow must differ/);
  });
});
