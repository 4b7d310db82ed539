import { createEventBus } from '@andon/bus';
import { adapterSchema, loadConfig } from '@andon/config';
import { createDocumentStore } from '@andon/persistence';
import {
  DLQ_CODE_KINDS,
  openDlqOperations,
  type CodeKind,
  type DlqOperations,
} from '@andon/service-ingest/cli';
import { parseCommandArgs, parseInstant, positiveInt, UsageError } from '../args';
import type { CliContext } from '../cli-context';

export const DLQ_USAGE = `usage: andon dlq <command> [options]
  list      [--reason R] [--since WHEN] [--limit N] [--status pending|replayed|all] [--json]
  replay    [ID...] [--id ID]... [--reason R] [--since WHEN] [--limit N] [--dry-run]
  unmapped  [--site S] [--kind downtime_reason|alarm_code|ncr_category] [--limit N] [--json]
WHEN is an ISO time (2026-12-06T18:00:00Z) or an age back from now (15m, 2h, 7d).
Reasons: contract codes (decode_failed, schema_invalid, unsupported_version, unknown_location,
retries_exhausted, non_retryable) or ingest's finer ones (oversized, timestamp_skew,
unknown_event_type, missing_site, unsupported_content_type, unsupported_schema_version).
Reads the deployment's document store (MONGO_URI, or the SQLite file in ANDON_DATA_DIR);
replay also publishes, so it needs KAFKA_BROKERS (the embedded bus lives inside the running
mesh: call its POST /ingest/v1/dlq/replay instead).`;

const OPTIONS = {
  reason: { type: 'string' },
  since: { type: 'string' },
  limit: { type: 'string' },
  status: { type: 'string' },
  id: { type: 'string', multiple: true },
  site: { type: 'string' },
  kind: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Parsed = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>;

async function list(
  ops: DlqOperations,
  { values }: Parsed,
  since: string | undefined,
  ctx: CliContext,
): Promise<number> {
  const status = values.status ?? 'pending';
  if (status !== 'pending' && status !== 'replayed' && status !== 'all')
    throw new UsageError('--status must be pending, replayed or all', DLQ_USAGE);
  const letters = await ops.list({
    ...(values.reason ? { reason: values.reason } : {}),
    ...(since ? { since } : {}),
    status,
    limit: positiveInt('limit', values.limit, 50, DLQ_USAGE),
  });
  if (values.json) {
    ctx.out(
      JSON.stringify(
        letters.map(({ value, ...rest }) => ({ ...rest, bytes: Buffer.from(value, 'base64').length })),
        null,
        2,
      ),
    );
    return 0;
  }
  for (const l of letters) {
    ctx.out(
      `${l.failedAt}  ${l._id}  ${l.detail.padEnd(24)} ${l.status.padEnd(8)} ${l.sourceTopic}/${l.sourcePartition}/${l.sourceOffset}  ${l.message.slice(0, 120)}`,
    );
  }
  ctx.out(`${letters.length} dead letter(s)`);
  return 0;
}

async function replay(
  ops: DlqOperations,
  { values, positionals }: Parsed,
  since: string | undefined,
  ctx: CliContext,
): Promise<number> {
  const ids = [...positionals.slice(1), ...(values.id ?? [])];
  const report = await ops.replay({
    ...(values.reason ? { reason: values.reason } : {}),
    ...(since ? { since } : {}),
    limit: positiveInt('limit', values.limit, 100, DLQ_USAGE),
    ...(ids.length ? { ids } : {}),
    dryRun: values['dry-run'] ?? false,
  });
  for (const r of report.replayed)
    ctx.out(`${report.dryRun ? 'would replay' : 'replayed'}  ${r.id}  ${r.detail}  -> ${r.sourceTopic}`);
  for (const s of report.skipped) ctx.out(`skipped  ${s.id}  ${s.why}`);
  ctx.out(
    `${report.replayed.length} of ${report.matched} matched dead letter(s) ${report.dryRun ? 'would be ' : ''}replayed`,
  );
  return 0;
}

async function unmapped(ops: DlqOperations, { values }: Parsed, ctx: CliContext): Promise<number> {
  const kind = values.kind;
  if (kind !== undefined && !(DLQ_CODE_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--kind must be one of ${DLQ_CODE_KINDS.join(', ')}`, DLQ_USAGE);
  const codes = await ops.unmapped({
    ...(values.site ? { site: values.site } : {}),
    ...(kind ? { kind: kind as CodeKind } : {}),
    limit: positiveInt('limit', values.limit, 500, DLQ_USAGE),
  });
  if (values.json) {
    ctx.out(JSON.stringify(codes, null, 2));
    return 0;
  }
  for (const c of codes)
    ctx.out(
      `${c.site.padEnd(12)} ${c.kind.padEnd(16)} ${c.code.padEnd(16)} x${c.count}  last ${c.lastSeenAt}  (${c.codeMap})`,
    );
  ctx.out(`${codes.length} unmapped code(s)`);
  return 0;
}

/**
 * `andon dlq list|replay|unmapped`: ingest's dead letters and unmapped site codes, straight
 * from the store the deployment uses (no running ingest needed).
 */
export async function dlqCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const parsed = parseCommandArgs(argv, OPTIONS, DLQ_USAGE);
  const command = parsed.positionals[0];
  // Commands and arguments are checked before --help, so a documented `andon dlq <typo> --help` fails.
  if (command !== undefined && command !== 'list' && command !== 'replay' && command !== 'unmapped')
    throw new UsageError(`unknown command "${command}"`, DLQ_USAGE);
  if (command !== 'replay' && parsed.positionals.length > 1)
    throw new UsageError(`unexpected argument "${parsed.positionals[1]}"`, DLQ_USAGE);
  if (parsed.values.help || command === undefined) {
    ctx.out(DLQ_USAGE);
    return command === undefined && !parsed.values.help ? 2 : 0;
  }
  const since =
    parsed.values.since === undefined
      ? undefined
      : parseInstant('since', parsed.values.since, ctx.now?.() ?? new Date(), DLQ_USAGE);
  const config = loadConfig(adapterSchema, ctx.env);
  if (command === 'replay' && !config.KAFKA_BROKERS) {
    ctx.err(
      'andon dlq replay needs KAFKA_BROKERS: the embedded bus lives inside the running mesh; call its POST /ingest/v1/dlq/replay',
    );
    return 2;
  }
  const store = await createDocumentStore(config);
  const bus = command === 'replay' ? createEventBus(config) : undefined;
  try {
    const ops = await openDlqOperations({ store, ...(bus ? { bus } : {}) });
    if (command === 'list') return await list(ops, parsed, since, ctx);
    if (command === 'replay') return await replay(ops, parsed, since, ctx);
    return await unmapped(ops, parsed, ctx);
  } finally {
    await bus?.close();
    await store.close();
  }
}
