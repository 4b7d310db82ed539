import { z } from 'zod';

/**
 * The message boundary between ingest and its OPC UA session worker
 * (`opcua-session.worker.mjs`, a child process: node-opcua is ES modules only, ADR 0016).
 * Ingest sends one `start`, then `stop`; everything the worker sends is parsed here before
 * ingest uses it, like any input from outside the process.
 */
export interface WorkerStart {
  type: 'start';
  url: string;
  securityMode: 'None' | 'Sign' | 'SignAndEncrypt';
  securityPolicy: 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
  pkiDir: string;
  certificateFile?: string;
  privateKeyFile?: string;
  trustUnknownServer: boolean;
  username?: string;
  password?: string;
  publishingIntervalMs: number;
  samplingIntervalMs: number;
  queueSize: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** Node ids whose value changes are wanted. */
  dataNodes: string[];
  /** Event notifier node ids whose events are wanted. */
  eventNotifiers: string[];
  /** Object node ids whose variables are listed once per session. */
  browse: string[];
}

export type WorkerCommand = WorkerStart | { type: 'stop' };

const iso = z.string().datetime({ offset: true }).nullable();

/** A value as the worker renders it: JSON scalars, arrays, or `{ unsupported }` for types we do not read. */
const value: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.number(),
    z.string(),
    z.boolean(),
    z.null(),
    z.array(value),
    z.object({ unsupported: z.string() }),
  ]),
);

export const dataChangeSchema = z.object({
  type: z.literal('data'),
  nodeId: z.string().min(1),
  value,
  dataType: z.string(),
  /** `Good`, `Uncertain...`, `Bad...` (the status code's name). */
  status: z.string(),
  sourceTimestamp: iso,
  serverTimestamp: iso,
});
export type DataChange = z.infer<typeof dataChangeSchema>;

export const alarmEventSchema = z.object({
  type: z.literal('event'),
  notifier: z.string().min(1),
  /** EventId as hex: unique per event occurrence. */
  eventId: z.string(),
  eventType: z.string().nullable(),
  sourceNode: z.string().nullable(),
  sourceName: z.string().nullable(),
  time: iso,
  message: z.string().nullable(),
  severity: z.number().nullable(),
  conditionName: z.string().nullable(),
  /** ActiveState/Id: null for events that are not alarms. */
  active: z.boolean().nullable(),
});
export type AlarmEvent = z.infer<typeof alarmEventSchema>;

export const workerMessageSchema = z.discriminatedUnion('type', [
  dataChangeSchema,
  alarmEventSchema,
  z.object({
    type: z.literal('status'),
    state: z.enum(['connected', 'disconnected', 'reconnecting', 'subscribed']),
    detail: z.string().optional(),
  }),
  z.object({ type: z.literal('monitor_failed'), nodeId: z.string(), status: z.string() }),
  z.object({
    type: z.literal('browsed'),
    object: z.string(),
    variables: z.array(z.object({ nodeId: z.string(), browseName: z.string() })),
  }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;
