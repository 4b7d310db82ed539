import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CliContext } from '../cli-context';
import { AndonApi } from './andon-api';

const USAGE = 'usage: andon ledger verify [--from SEQ] [--to SEQ] | andon ledger export --out FILE';

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
    const result = (await res.json()) as { ok?: boolean; checked?: number; firstBadSeq?: number; reason?: string; error?: string };
    if (!res.ok) {
      ctx.err(`verify failed: ${res.status} ${result.error ?? ''}`);
      return 1;
    }
    ctx.out(result.ok ? `ledger OK: ${result.checked} entries verified` : `ledger BROKEN at seq ${result.firstBadSeq}: ${result.reason}`);
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
