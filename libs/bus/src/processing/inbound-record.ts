import type { MessageHeaders } from '../event-bus.port';

/** One consumed record, adapter-neutral. */
export interface InboundRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Uint8Array;
  headers: MessageHeaders;
  timestamp: number;
}
