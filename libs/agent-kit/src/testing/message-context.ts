import type { MessageContext } from '@andon/bus';
import { HeaderNames, type PlantEvent } from '@andon/contracts';
import { silentLogger } from './agent-harness';

/** The context a bus gives a handler, for driving a consumer directly (a redelivery the bus dedupe did not catch). */
export function deliveryOf(event: PlantEvent, topic: string, groupId: string, attempt = 1): MessageContext {
  const eventId = event.envelope?.eventId ?? '';
  return {
    topic,
    partition: 0,
    offset: '0',
    key: `${event.envelope?.location?.site}/${event.envelope?.location?.line}`,
    headers: { [HeaderNames.EventId]: eventId },
    timestamp: Date.now(),
    eventId,
    correlationId: event.envelope?.correlationId,
    groupId,
    attempt,
    log: silentLogger(),
    heartbeat: async () => undefined,
    signal: new AbortController().signal,
  };
}
