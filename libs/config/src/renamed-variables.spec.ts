import { z } from 'zod';
import { agentFields, loadConfig, renamedAgentVariables } from './index';

const schema = z.object(agentFields({ groupId: 'quality-agent', stateRetentionHours: 720 }));
const renamed = renamedAgentVariables({
  groupId: 'Q1_AGENT_GROUP_ID',
  stateRetentionHours: 'Q1_STATE_RETENTION_HOURS',
  partitionsConcurrency: 'Q1_PARTITIONS_CONCURRENCY',
});

describe('renamed variables', () => {
  it('reads an old name under its new one and warns once per process, naming the new one', () => {
    const warnings: string[] = [];
    const load = () =>
      loadConfig(
        schema,
        { Q1_STATE_RETENTION_HOURS: '48' },
        { renamed, onDeprecated: (m) => warnings.push(m) },
      );
    expect(load().AGENT_STATE_RETENTION_HOURS).toBe(48);
    expect(load().AGENT_STATE_RETENTION_HOURS).toBe(48);
    expect(warnings).toEqual([
      'Q1_STATE_RETENTION_HOURS is deprecated: set AGENT_STATE_RETENTION_HOURS instead (Q1_STATE_RETENTION_HOURS is read for one more release)',
    ]);
  });

  it('lets the new name win when both are set, and says the old one is ignored', () => {
    const warnings: string[] = [];
    const cfg = loadConfig(
      schema,
      { Q1_AGENT_GROUP_ID: 'old-group', AGENT_GROUP_ID: 'new-group' },
      { renamed, onDeprecated: (m) => warnings.push(m) },
    );
    expect(cfg.AGENT_GROUP_ID).toBe('new-group');
    expect(warnings).toEqual([
      'Q1_AGENT_GROUP_ID is deprecated and ignored because AGENT_GROUP_ID is set; remove Q1_AGENT_GROUP_ID',
    ]);
  });

  it('validates the old name like the new one, and stays silent when only new names are used', () => {
    const warnings: string[] = [];
    expect(() =>
      loadConfig(
        schema,
        { Q1_PARTITIONS_CONCURRENCY: 'many' },
        { renamed, onDeprecated: (m) => warnings.push(m) },
      ),
    ).toThrow(/AGENT_PARTITIONS_CONCURRENCY/);
    const quiet: string[] = [];
    expect(
      loadConfig(
        schema,
        { AGENT_PARTITIONS_CONCURRENCY: '2' },
        { renamed, onDeprecated: (m) => quiet.push(m) },
      ),
    ).toEqual({
      AGENT_GROUP_ID: 'quality-agent',
      AGENT_STATE_RETENTION_HOURS: 720,
      AGENT_PARTITIONS_CONCURRENCY: 2,
      MES_ENDPOINTS_DIR: 'config/mes-endpoints',
    });
    expect(quiet).toEqual([]);
  });
});
