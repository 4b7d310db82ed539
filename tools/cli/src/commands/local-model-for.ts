import {
  loadModelServerConfig,
  resolveModelPath,
  serveLocalModel,
  type ServingModel,
} from '@andon/local-model';
import type { CliContext } from '../cli-context';

/**
 * With LLM_PROVIDER=local and no LLM_BASE_URL, the evaluation serves the local model in
 * this process for the length of the run (the same server `andon model serve` runs).
 * `andon eval` and `andon eval route` both use it.
 */
export async function localModelFor(
  env: Record<string, string | undefined>,
  ctx: CliContext,
): Promise<ServingModel | undefined> {
  if (env['LLM_PROVIDER'] !== 'local' || env['LLM_BASE_URL']) return undefined;
  const config = loadModelServerConfig(env);
  const serving = await serveLocalModel({ ...config, modelPath: resolveModelPath(config.modelPath) });
  ctx.err(
    `local model ${config.modelName} served at ${serving.url} for this run (max tokens ${config.maxTokens}, timeout ${config.timeoutMs} ms)`,
  );
  return serving;
}
