import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_TOPICS, TOPIC_SPECS, type TopicSpec } from './index';

const DAY_MS = 24 * 60 * 60 * 1000;

function expectedCells(spec: TopicSpec): string[] {
  return [
    `\`${spec.name}\``,
    spec.key,
    String(spec.partitions),
    spec.retentionMs === -1 ? 'forever' : `${spec.retentionMs / DAY_MS} d`,
    spec.cleanupPolicy,
    spec.acceptsJson ? `${spec.payload} (or JSON)` : spec.payload,
    spec.producers.join(', '),
    spec.consumers.join(', '),
  ];
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

describe('docs/topics.md', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/topics.md'), 'utf8');
  const topicRows = doc.split('\n').filter((line) => /^\|\s*`andon\./.test(line));
  const documented = new Map(topicRows.map((row) => [cells(row)[0]?.replace(/`/g, ''), cells(row)]));

  it('lists exactly the topics in TOPIC_SPECS, once each', () => {
    expect(topicRows).toHaveLength(documented.size);
    expect([...documented.keys()].sort()).toEqual([...ALL_TOPICS].sort());
  });

  it('states the same key, partitions, retention, cleanup, payload, producers and consumers as the code', () => {
    for (const name of ALL_TOPICS) {
      expect({ name, cells: documented.get(name) }).toEqual({
        name,
        cells: expectedCells(TOPIC_SPECS[name]),
      });
    }
  });

  it('explains every key strategy in use', () => {
    const keySection = doc.slice(doc.indexOf('## Keys'));
    for (const key of new Set(ALL_TOPICS.map((t) => TOPIC_SPECS[t].key))) {
      // Prettier pads table cells, so match the cell, not an exact spacing.
      expect(keySection).toMatch(new RegExp(`^\\|\\s*${key.replace(/[/-]/g, '\\$&')}\\s*\\|`, 'm'));
    }
  });
});
