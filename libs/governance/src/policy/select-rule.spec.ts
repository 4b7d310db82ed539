import { parsePolicySet } from './parse-policy-set';
import type { PolicyAction } from './policy-types';
import { selectRule } from './select-rule';

const ruleYaml = (id: string, match: string) =>
  `  - id: ${id}\n    description: ${id}\n    match: { riskClass: workflow_initiation, ${match} }\n    expiry: PT1H\n    require: { approvers: 1, roles: [maintenance_planner] }\n`;

const set = parsePolicySet('v1', [
  {
    name: 'rules.yaml',
    text:
      'rules:\n' +
      ruleYaml('any-mes', 'actionType: "mes.*"') +
      ruleYaml('work-orders', 'actionType: "mes.create_*"') +
      ruleYaml('work-order', 'actionType: mes.create_work_order') +
      ruleYaml('plant-b', 'actionType: "mes.*", site: plant-b') +
      ruleYaml('plant-b-line-3', 'actionType: "mes.*", site: plant-b, line: line-3') +
      ruleYaml('sterile-product', 'actionType: "mes.*", product: STERILE-9') +
      ruleYaml('any-mes-again', 'actionType: "mes.?*"'),
  },
]);

const act = (actionType: string, site = 'plant-a', line = 'line-1', product = 'PRD-1'): PolicyAction => ({
  actionId: 'a',
  actionType,
  riskClass: 'workflow_initiation',
  site,
  line,
  product,
  proposedBy: 'agent:x',
  proposedAt: '2025-01-01T00:00:00Z',
  expiresAt: '2025-01-02T00:00:00Z',
});

describe('rule precedence (most specific wins)', () => {
  it.each([
    ['exact type beats globs', act('mes.create_work_order'), 'work-order'],
    ['longer glob beats shorter glob', act('mes.create_batch'), 'work-orders'],
    ['equal globs: the one declared first', act('mes.start_investigation'), 'any-mes'],
    ['site beats any action-type precision', act('mes.create_work_order', 'plant-b'), 'plant-b'],
    ['line beats site', act('mes.create_work_order', 'plant-b', 'line-3'), 'plant-b-line-3'],
    ['product beats line', act('mes.create_work_order', 'plant-b', 'line-3', 'STERILE-9'), 'sterile-product'],
  ])('%s', (_case, action, expected) => {
    expect(selectRule(set, action)?.id).toBe(expected);
  });

  it('risk class must match exactly', () => {
    expect(selectRule(set, { ...act('mes.create_work_order'), riskClass: 'decision_support' })).toBeNull();
  });
});
