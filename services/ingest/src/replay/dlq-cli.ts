import { parseArgs } from 'node:util';
import type { EventBus } from '@andon/bus';
import { createLogger, type Logger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { DeadLetterArchive, type ArchiveStatus } from '../dead-letter/dead-letter-archive';
import { IngestTopics, type IngestTopicNames } from '../pipeline/ingest-topics';
import { CODE_KINDS, type CodeKind } from '../site-codes/canonical-codes';
import { UnmappedCodesRepository } from '../unmapped/unmapped-codes.repository';
import { DlqReplayService, replayRequestSchema } from './dlq-replay.service';

export interface DlqCliDeps {
  store: DocumentStore;
  /** Needed by `replay` only. */
  bus?: EventBus;
  out?: (line: string) => void;
  err?: (line: string) => void;
  log?: Logger;
  topics?: IngestTopicNames;
}

export const DLQ_CLI_USAGE = `usage: andon dlq <command> [options]
  list      [--reason R] [--since ISO] [--limit N] [--status pending|replayed|all] [--json]
  replay    [--reason R] [--since ISO] [--limit N] [--id ID]... [--dry-run]
  unmapped  [--site S] [--kind downtime_reason|alarm_code|ncr_category] [--limit N] [--json]
Reasons: contract codes (decode_failed, schema_invalid, unsupported_version, unknown_location,
retries_exhausted, non_retryable) or ingest's finer ones (oversized, timestamp_skew,
unknown_event_type, missing_site, unsupported_content_type, unsupported_schema_version).`;

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
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

// Not `instanceof TypeError`: the error may come from another realm (e.g. a test sandbox).
function isParseArgsError(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function positiveInt(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--limit must be a positive integer, got "${text}"`);
  return n;
}

/**
 * `andon dlq ...`: lists and replays ingest's dead letters and lists unmapped site codes,
 * straight from the document store (no running ingest needed; `replay` also needs the
 * bus). Returns the process exit code: 0 done, 1 failed, 2 usage.
 */
export async function runDlqCli(argv: readonly string[], deps: DlqCliDeps): Promise<number> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const args = argv[0] === 'dlq' ? argv.slice(1) : [...argv];
  try {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
    const command = positionals[0];
    if (values.help || command === undefined) {
      out(DLQ_CLI_USAGE);
      return command === undefined && !values.help ? 2 : 0;
    }
    if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) throw new UsageError(`--since must be an ISO time, got "${values.since}"`);
    const archive = await DeadLetterArchive.open(deps.store);
    switch (command) {
      case 'list': {
        const status = values.status ?? 'pending';
        if (!['pending', 'replayed', 'all'].includes(status)) throw new UsageError(`--status must be pending, replayed or all`);
        const letters = await archive.find({
          ...(values.reason ? { reason: values.reason } : {}),
          ...(values.since ? { since: values.since } : {}),
          status: status as ArchiveStatus | 'all',
          limit: positiveInt(values.limit, 50),
        });
        if (values.json) out(JSON.stringify(letters.map(({ value, ...rest }) => ({ ...rest, bytes: Buffer.from(value, 'base64').length })), null, 2));
        else {
          for (const l of letters) out(`${l.failedAt}  ${l._id}  ${l.detail.padEnd(24)} ${l.status.padEnd(8)} ${l.sourceTopic}/${l.sourcePartition}/${l.sourceOffset}  ${l.message.slice(0, 120)}`);
          out(`${letters.length} dead letter(s)`);
        }
        return 0;
      }
      case 'replay': {
        if (!deps.bus) throw new UsageError('replay needs the event bus (KAFKA_BROKERS)');
        const service = new DlqReplayService({ bus: deps.bus, archive, topics: new IngestTopics(deps.topics), log: deps.log ?? createLogger('andon-dlq-cli', 'warn') });
        const request = replayRequestSchema.safeParse({
          ...(values.reason ? { reason: values.reason } : {}),
          ...(values.since ? { since: new Date(values.since).toISOString() } : {}),
          limit: positiveInt(values.limit, 100),
          ...(values.id ? { ids: values.id } : {}),
          dryRun: values['dry-run'] ?? false,
        });
        if (!request.success) throw new UsageError(request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        const report = await service.replay(request.data);
        for (const r of report.replayed) out(`${report.dryRun ? 'would replay' : 'replayed'}  ${r.id}  ${r.detail}  -> ${r.sourceTopic}`);
        for (const s of report.skipped) out(`skipped  ${s.id}  ${s.why}`);
        out(`${report.replayed.length} of ${report.matched} matched dead letter(s) ${report.dryRun ? 'would be ' : ''}replayed`);
        return 0;
      }
      case 'unmapped': {
        const kind = values.kind;
        if (kind !== undefined && !(CODE_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${CODE_KINDS.join(', ')}`);
        const repo = await UnmappedCodesRepository.open(deps.store);
        const codes = await repo.list({ ...(values.site ? { site: values.site } : {}), ...(kind ? { kind: kind as CodeKind } : {}), limit: positiveInt(values.limit, 500) });
        if (values.json) out(JSON.stringify(codes, null, 2));
        else {
          for (const c of codes) out(`${c.site.padEnd(12)} ${c.kind.padEnd(16)} ${c.code.padEnd(16)} x${c.count}  last ${c.lastSeenAt}  (${c.codeMap})`);
          out(`${codes.length} unmapped code(s)`);
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) {
      err(e instanceof Error ? e.message : String(e));
      err(DLQ_CLI_USAGE);
      return 2;
    }
    err(`dlq: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
