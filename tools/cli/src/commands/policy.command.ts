import { parseCommandArgs, UsageError } from '../args';
import type { CliContext } from '../cli-context';
import { AndonApi } from './andon-api';

const USAGE = `usage: andon policy shadow-report [--all]
  Where the shadow policy version would decide differently from the active one (--all: every
  recorded decision, not only the differences). Calls the running deployment (ANDON_URL) as a
  compliance officer, plant manager or admin (ANDON_TOKEN, or ANDON_USER/ANDON_PASSWORD).`;

/** `andon policy shadow-report [--all]`: asks the approval service where the shadow policy would decide differently. */
export async function policyCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { all: { type: 'boolean' } }, USAGE);
  if (
    values.help &&
    (positionals.length === 0 || (positionals[0] === 'shadow-report' && positionals.length === 1))
  ) {
    ctx.out(USAGE);
    return 0;
  }
  if (positionals[0] !== 'shadow-report' || positionals.length > 1) {
    throw new UsageError(
      positionals[0] === undefined ? 'which policy command?' : `unknown command "${positionals.join(' ')}"`,
      USAGE,
    );
  }
  const res = await new AndonApi(ctx).request(`/api/policy/shadow-report${values.all ? '?all=true' : ''}`);
  const body = await res.text();
  if (!res.ok) {
    ctx.err(`shadow report failed: ${res.status} ${body}`);
    return 1;
  }
  ctx.out(JSON.stringify(JSON.parse(body), null, 2));
  return 0;
}
