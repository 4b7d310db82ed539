import type { CliContext } from '../cli-context';

/**
 * `andon policy shadow-report [--all]`: asks the approval service (ANDON_URL) where the
 * shadow policy version would decide differently. Credentials: ANDON_USER / ANDON_PASSWORD
 * of a compliance officer, plant manager or admin, or a token in ANDON_TOKEN.
 */
export async function policyCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  if (argv[0] !== 'shadow-report') {
    ctx.err('usage: andon policy shadow-report [--all]');
    return 2;
  }
  const base = ctx.env['ANDON_URL'] ?? 'http://localhost:8080';
  const token = ctx.env['ANDON_TOKEN'] ?? (await login(base, ctx));
  const res = await fetch(`${base}/api/policy/shadow-report${argv.includes('--all') ? '?all=true' : ''}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = await res.text();
  if (!res.ok) {
    ctx.err(`shadow report failed: ${res.status} ${body}`);
    return 1;
  }
  ctx.out(JSON.stringify(JSON.parse(body), null, 2));
  return 0;
}

async function login(base: string, ctx: CliContext): Promise<string> {
  const userId = ctx.env['ANDON_USER'];
  const password = ctx.env['ANDON_PASSWORD'];
  if (!userId || !password) throw new Error('set ANDON_TOKEN, or ANDON_USER and ANDON_PASSWORD');
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
