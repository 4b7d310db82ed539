import type { CliContext } from '../cli-context';
import { AndonApi } from './andon-api';

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
  const res = await new AndonApi(ctx).request(`/api/policy/shadow-report${argv.includes('--all') ? '?all=true' : ''}`);
  const body = await res.text();
  if (!res.ok) {
    ctx.err(`shadow report failed: ${res.status} ${body}`);
    return 1;
  }
  ctx.out(JSON.stringify(JSON.parse(body), null, 2));
  return 0;
}
