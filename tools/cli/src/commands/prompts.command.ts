import { userInfo } from 'node:os';
import { createEvalGate, createLlmGateway, loadLlmSettings, loadScenarios, runPromptCli } from '@andon/llm';
import type { CliContext } from '../cli-context';

/** `andon prompts ...`: list, show, diff, history, activate (behind the eval gate), rollback. */
export async function promptsCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const gateway = createLlmGateway({ settings: loadLlmSettings(ctx.env), baseDir: ctx.rootDir });
  const gate = createEvalGate(gateway, loadScenarios(`${ctx.rootDir}/libs/llm/eval/scenarios`));
  ctx.out(
    await runPromptCli(argv, {
      promptsDir: ctx.env['LLM_PROMPTS_DIR'] ?? `${ctx.rootDir}/prompts`,
      defaultEnv: ctx.env['ANDON_ENV'] ?? 'development',
      defaultActor: userInfo().username,
      gate,
    }),
  );
  return 0;
}
