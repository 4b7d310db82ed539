import { loadModelServerConfig, resolveModelPath, serveLocalModel } from '@andon/local-model';
import { parseCommandArgs, UsageError } from '../args';
import type { CliContext } from '../cli-context';

export const MODEL_USAGE = `usage: andon model serve
  Serves SmolLM2-135M-Instruct (installed into ANDON_CACHE on first use, or ANDON_MODEL_PATH)
  as an OpenAI-compatible API on ANDON_MODEL_HOST:ANDON_MODEL_PORT (default 127.0.0.1, a free port):
  GET /v1/models, POST /v1/chat/completions. Bounds: ANDON_MODEL_CONCURRENCY, ANDON_MODEL_QUEUE_LIMIT
  (429 beyond), ANDON_MODEL_MAX_TOKENS, ANDON_MODEL_TIMEOUT_MS (504). Point the product at it with
  LLM_PROVIDER=local LLM_BASE_URL=<printed url>. Stops on SIGINT/SIGTERM.`;

/** Resolves when the process is asked to stop. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/** `andon model serve`: the local model server in this process (libs/local-model). */
export async function modelCommand(
  argv: readonly string[],
  ctx: CliContext,
  stop: () => Promise<string> = untilSignal,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, MODEL_USAGE);
  const known =
    positionals.length === 0 ||
    (positionals.length === 1 && (positionals[0] === 'serve' || positionals[0] === 'help'));
  if (!known) throw new UsageError(`unknown command "${positionals.join(' ')}"`, MODEL_USAGE);
  if (values.help || positionals[0] !== 'serve') {
    ctx.out(MODEL_USAGE);
    return 0;
  }
  const config = loadModelServerConfig(ctx.env);
  const modelPath = resolveModelPath(config.modelPath);
  const serving = await serveLocalModel({ ...config, modelPath }, (log) =>
    ctx.out(JSON.stringify({ at: new Date().toISOString(), ...log })),
  );
  ctx.out(
    `andon model serve: ${config.modelName} at ${serving.url} (loaded in ${serving.loadMs} ms; concurrency ${config.concurrency}, queue ${config.queueLimit}, max tokens ${config.maxTokens}, timeout ${config.timeoutMs} ms)`,
  );
  ctx.out(`use it with: LLM_PROVIDER=local LLM_BASE_URL=${serving.url}`);
  const signal = await stop();
  ctx.out(`${signal}: stopping`);
  await serving.close();
  return 0;
}
