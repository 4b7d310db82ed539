import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CliContext } from '../cli-context';
import { AndonApi } from './andon-api';

const USAGE = 'usage: andon ledger verify [--from SEQ] [--to SEQ] | andon ledger export --out FILE';

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
    lines.push(`ledger ${result.reason === 'TRUNCATED' || result.reason === 'DIVERGED' ? result.reason : 'BROKEN'} at seq ${result.firstBadSeq}: ${result.reason}: ${result.detail ?? ''}`);
  }
  if (!anchor) lines.push('checkpoint: not used (a range is verified by its links only)');
  else if (anchor.checkpoint) lines.push(`checkpoint: seq ${anchor.checkpoint.seq}, hash ${anchor.checkpoint.hash}, signed ${anchor.checkpoint.at} by key ${anchor.checkpoint.keyId} (${anchor.checkpoint.file})`);
  else lines.push(`checkpoint: none (${anchor.status}): ${anchor.detail}`);
  return lines;
}

/** `andon ledger verify|export` against the audit ledger's REST API. */
export async function ledgerCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  const flag = (name: string): string | undefined => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const api = new AndonApi(ctx);
  if (command === 'verify') {
    const body: Record<string, number> = {};
    for (const [name, key] of [['from', 'fromSeq'], ['to', 'toSeq']] as const) {
      const v = flag(name);
      if (v !== undefined) body[key] = Number(v);
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
  if (command === 'export') {
    const out = flag('out');
    if (!out) {
      ctx.err(USAGE);
      return 2;
    }
    const res = await api.request('/api/ledger/export');
    if (!res.ok || !res.body) {
      ctx.err(`export failed: ${res.status} ${await res.text()}`);
      return 1;
    }
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(out));
    ctx.out(`ledger exported to ${out} (JSON lines; verify offline with verifyExport from @andon/governance)`);
    return 0;
  }
  ctx.err(USAGE);
  return 2;
}
