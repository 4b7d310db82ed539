import type { TopicSpec as BusTopicSpec } from '@andon/bus';
import { TOPIC_SPECS } from '@andon/contracts';

/**
 * Every catalogue topic as the bus creates it. Replication is capped by the cluster
 * (one broker on a laptop); retention and compaction come from the catalogue.
 */
export function catalogueTopics(maxReplication: number): BusTopicSpec[] {
  return Object.values(TOPIC_SPECS).map((t) => ({
    name: t.name,
    partitions: t.partitions,
    replicationFactor: Math.min(t.replicationFactor, maxReplication),
    configEntries: { 'retention.ms': String(t.retentionMs), 'cleanup.policy': t.cleanupPolicy },
  }));
}
