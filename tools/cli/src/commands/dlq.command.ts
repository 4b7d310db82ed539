import { createEventBus } from '@andon/bus';
import { adapterSchema, loadConfig } from '@andon/config';
import { createDocumentStore } from '@andon/persistence';
import { runDlqCli } from '@andon/service-ingest';
import type { CliContext } from '../cli-context';

/**
 * `andon dlq list|replay|unmapped`: straight from the store the deployment uses. Replay
 * republishes to the bus, so with the embedded in-process bus it must run inside the
 * process that owns that bus: use the running mesh's POST /ingest/v1/dlq/replay instead.
 */
export async function dlqCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const config = loadConfig(adapterSchema, ctx.env);
  const store = await createDocumentStore(config);
  const replaying = argv[0] === 'replay';
  if (replaying && !config.KAFKA_BROKERS) {
    ctx.err('andon dlq replay needs KAFKA_BROKERS: the embedded bus lives inside the running mesh; call its POST /ingest/v1/dlq/replay');
    await store.close();
    return 2;
  }
  const bus = replaying ? createEventBus(config) : undefined;
  try {
    return await runDlqCli(argv, { store, ...(bus ? { bus } : {}), out: ctx.out, err: ctx.err });
  } finally {
    await bus?.close();
    await store.close();
  }
}
