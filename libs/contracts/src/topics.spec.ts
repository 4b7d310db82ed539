import {
  ORIGINAL_RECORD,
  ALL_TOPICS,
  HeaderNames,
  PAYLOAD_CODECS,
  TOPIC_CODECS,
  TOPIC_NAME_PATTERN,
  TOPIC_SPECS,
  Topics,
} from './index';

describe('topic catalogue', () => {
  it('every topic name follows andon.<entity>[.<event>].v<N>', () => {
    for (const name of ALL_TOPICS) expect(name).toMatch(TOPIC_NAME_PATTERN);
  });

  it('the naming rule rejects unversioned, upper-case and foreign names', () => {
    for (const bad of [
      'andon.plant-events',
      'andon.Plant.v1',
      'other.plant-events.v1',
      'andon..x.v1',
      'andon.v1',
    ]) {
      expect(bad).not.toMatch(TOPIC_NAME_PATTERN);
    }
  });

  it('includes the topics the services are built around', () => {
    expect(Topics.PlantEvents).toBe('andon.plant-events.v1');
    expect(Topics.DeadLetters).toBe('andon.dlq.v1');
    expect(Topics.ActionsDecided).toBe('andon.actions.decided.v1');
    expect(new Set(ALL_TOPICS).size).toBe(ALL_TOPICS.length);
    expect(Topics.ShiftAcknowledged).toBe('andon.shift.acknowledged.v1');
    expect(ALL_TOPICS).toHaveLength(16);
  });

  it('has exactly one spec per topic, under its own name', () => {
    expect(Object.keys(TOPIC_SPECS).sort()).toEqual([...ALL_TOPICS].sort());
    for (const name of ALL_TOPICS) expect(TOPIC_SPECS[name].name).toBe(name);
  });

  it('specs are usable as topic configuration', () => {
    for (const spec of Object.values(TOPIC_SPECS)) {
      expect(Number.isInteger(spec.partitions) && spec.partitions >= 1).toBe(true);
      expect(spec.replicationFactor).toBeGreaterThanOrEqual(1);
      expect(spec.retentionMs === -1 || spec.retentionMs > 0).toBe(true);
      expect(spec.producers.length).toBeGreaterThan(0);
      expect(spec.consumers.length).toBeGreaterThan(0);
    }
  });

  it('only raw topics accept JSON, and the ledger chain stays on one partition', () => {
    const jsonTopics = ALL_TOPICS.filter((t) => TOPIC_SPECS[t].acceptsJson);
    expect(jsonTopics.every((t) => t.startsWith('andon.raw.'))).toBe(true);
    expect(jsonTopics).toHaveLength(5);
    expect(TOPIC_SPECS[Topics.LedgerEntries].partitions).toBe(1);
    expect(TOPIC_SPECS[Topics.LedgerCheckpoints].partitions).toBe(1);
  });

  it('each topic codec is the codec of the message its spec names; dead letters carry original records', () => {
    for (const name of ALL_TOPICS) {
      const spec = TOPIC_SPECS[name];
      if (name === Topics.DeadLetters) {
        expect(spec.payload).toBe(ORIGINAL_RECORD);
        expect(name in TOPIC_CODECS).toBe(false);
        continue;
      }
      if (spec.payload === ORIGINAL_RECORD) throw new Error(`${name} claims original records`);
      expect(TOPIC_CODECS[name]).toBe(PAYLOAD_CODECS[spec.payload]);
    }
  });

  it('header names are unique lower-case tokens', () => {
    const names = Object.values(HeaderNames);
    expect(new Set(names).size).toBe(names.length);
    for (const header of names) expect(header).toMatch(/^[a-z][a-z0-9-]*$/);
  });
});
