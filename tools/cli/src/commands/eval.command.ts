import { runEvalCommand } from '@andon/llm';
import type { CliContext } from '../cli-context';

/** `andon eval`: golden plant scenarios against the configured model, or the deterministic engine. */
export async function evalCommand(_argv: readonly string[], ctx: CliContext): Promise<number> {
  const { exitCode, output } = await runEvalCommand({ rootDir: ctx.rootDir, env: ctx.env });
  ctx.out(output);
  return exitCode;
}
