import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseCommandArgs, parseInstant, positiveInt, UsageError } from '../args';
import type { CliContext } from '../cli-context';
import { AndonApi } from './andon-api';

const USAGE = `usage: andon ledger verify [--from SEQ] [--to SEQ]
       andon ledger export --out FILE [--from WHEN] [--to WHEN]
verify: the whole chain against the latest signed checkpoint, or the links of a seq range.
export: JSON lines in seq order; --from/--to (ISO time, or an age such as 24h, 7d) keep the
entries at or after --from and before --to. Calls the running deployment (ANDON_URL).`;

interface VerifyAnswer {
  ok?: boolean;
  checked?: number;
  lastSeq?: number | null;
  firstBadSeq?: number;
  reason?: string;
  detail?: string;
  error?: string;
  message?: string;
  anchor?: {
    status: string;
    detail: string;
    checkpoint: { seq: number; hash: string; at: string; keyId: string; file: string } | null;
    unanchoredEntries: number | null;
  };
}

/** What `andon ledger verify` prints: the verdict, then which signed checkpoint it was judged against. */
export function describeVerification(result: VerifyAnswer): string[] {
  const lines: string[] = [];
  const anchor = result.anchor;
  if (result.ok) {
    lines.push(
      anchor?.status === 'ANCHORED' && anchor.checkpoint
        ? `ledger OK up to checkpoint ${anchor.checkpoint.seq}: ${result.checked} entries verified, ${anchor.unanchoredEntries ?? 0} after the checkpoint not yet anchored`
        : `ledger OK: ${result.checked} entries verified`,
    );
  } else {
    lines.push(
      `ledger ${result.reason === 'TRUNCATED' || result.reason === 'DIVERGED' ? result.reason : 'BROKEN'} at seq ${result.firstBadSeq}: ${result.reason}: ${result.detail ?? ''}`,
    );
  }
  if (!anchor) lines.push('checkpoint: not used (a range is verified by its links only)');
  else if (anchor.checkpoint)
    lines.push(
      `checkpoint: seq ${anchor.checkpoint.seq}, hash ${anchor.checkpoint.hash}, signed ${anchor.checkpoint.at} by key ${anchor.checkpoint.keyId} (${anchor.checkpoint.file})`,
    );
  else lines.push(`checkpoint: none (${anchor.status}): ${anchor.detail}`);
  return lines;
}

const OPTIONS = { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } } as const;

/** The entries of an export (JSON lines in seq order) whose time falls in [from, to). */
export async function* entriesBetween(
  lines: AsyncIterable<string>,
  from: string | undefined,
  to: string | undefined,
): AsyncGenerator<string> {
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const at = (JSON.parse(line) as { at?: unknown }).at;
    const time = typeof at === 'string' ? Date.parse(at) : Number.NaN;
    if (Number.isNaN(time)) throw new Error(`export line without an "at" time: ${line.slice(0, 120)}`);
    // Not a break at --to: entry times follow appends, not necessarily the clock of every writer.
    if ((from !== undefined && time < Date.parse(from)) || (to !== undefined && time >= Date.parse(to)))
      continue;
    yield `${line}\n`;
  }
}

/** A web stream of text chunks as lines (without their newline). */
async function* linesOf(body: import('node:stream/web').ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffered = '';
  for await (const chunk of Readable.fromWeb(body).setEncoding('utf8') as AsyncIterable<string>) {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    yield* lines;
  }
  if (buffered !== '') yield buffered;
}

async function verify(
  api: AndonApi,
  values: { from?: string; to?: string },
  ctx: CliContext,
): Promise<number> {
  const body: Record<string, number> = {};
  for (const [name, key] of [
    ['from', 'fromSeq'],
    ['to', 'toSeq'],
  ] as const) {
    const v = values[name];
    if (v !== undefined) body[key] = positiveInt(name, v, undefined, USAGE) as number;
  }
  const res = await api.request('/api/ledger/verify', { method: 'POST', body });
  const result = (await res.json()) as VerifyAnswer;
  if (!res.ok) {
    ctx.err(`verify failed: ${res.status} ${result.message ?? result.error ?? ''}`);
    return 1;
  }
  for (const line of describeVerification(result)) ctx.out(line);
  return result.ok ? 0 : 1;
}

async function exportTo(
  api: AndonApi,
  values: { from?: string; to?: string; out?: string },
  ctx: CliContext,
): Promise<number> {
  if (!values.out) throw new UsageError('andon ledger export needs --out FILE', USAGE);
  const now = ctx.now?.() ?? new Date();
  const from = values.from === undefined ? undefined : parseInstant('from', values.from, now, USAGE);
  const to = values.to === undefined ? undefined : parseInstant('to', values.to, now, USAGE);
  if (from !== undefined && to !== undefined && from >= to)
    throw new UsageError('--from must be before --to', USAGE);
  const res = await api.request('/api/ledger/export');
  if (!res.ok || !res.body) {
    ctx.err(`export failed: ${res.status} ${await res.text()}`);
    return 1;
  }
  const body = res.body as import('node:stream/web').ReadableStream<Uint8Array>;
  const windowed = from !== undefined || to !== undefined;
  await pipeline(
    windowed ? Readable.from(entriesBetween(linesOf(body), from, to)) : Readable.fromWeb(body),
    createWriteStream(values.out),
  );
  ctx.out(
    windowed
      ? `ledger entries from ${from ?? 'the start'} to ${to ?? 'now'} exported to ${values.out} (JSON lines; each line's prevHash is the line before's hash)`
      : `ledger exported to ${values.out} (JSON lines; verify offline with verifyExport from @andon/governance)`,
  );
  return 0;
}

/** `andon ledger verify|export` against the audit ledger's REST API. */
export async function ledgerCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, USAGE);
  const [command, extra] = positionals;
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`, USAGE);
  if (command !== undefined && command !== 'verify' && command !== 'export')
    throw new UsageError(`unknown command "${command}"`, USAGE);
  if (values.help) {
    ctx.out(USAGE);
    return 0;
  }
  if (command === 'verify') {
    if (values.out !== undefined) throw new UsageError('--out belongs to export', USAGE);
    return verify(new AndonApi(ctx), values, ctx);
  }
  if (command === 'export') return exportTo(new AndonApi(ctx), values, ctx);
  throw new UsageError(
    command === undefined ? 'which ledger command?' : `unknown command "${command}"`,
    USAGE,
  );
}
