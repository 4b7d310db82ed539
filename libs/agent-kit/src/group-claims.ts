import type { EventBus } from '@andon/bus';

const groupsByBus = new WeakMap<EventBus, Map<string, string>>();

/**
 * Two agents in one consumer group would split andon.plant-events.v1 between them and
 * each miss what the other got; in a process that composes the agents (standalone, where
 * AGENT_GROUP_ID would apply to all four) that is refused at start.
 */
export function claimGroup(bus: EventBus, groupId: string, agentId: string): void {
  let groups = groupsByBus.get(bus);
  if (!groups) groupsByBus.set(bus, (groups = new Map()));
  const holder = groups.get(groupId);
  if (holder !== undefined && holder !== agentId) {
    throw new Error(
      `consumer group "${groupId}" is already used by ${holder} on this bus; ${agentId} needs its own (leave AGENT_GROUP_ID unset when agents share a process)`,
    );
  }
  groups.set(groupId, agentId);
}
