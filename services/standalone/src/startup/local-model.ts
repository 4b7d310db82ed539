import type { Logger } from '@andon/observability';
import {
  loadModelServerConfig,
  resolveModelPath,
  serveLocalModel,
  type ServingModel,
} from '@andon/local-model';

/**
 * `LLM_PROVIDER=local` without `LLM_BASE_URL`: serve SmolLM2 (installed into the cache
 * on first use) in this process on a free loopback port and point every gateway at it,
 * so `npm start` runs the mesh with a real small model (ADR 0018). Otherwise nothing.
 */
export async function startLocalModelIfAsked(
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<ServingModel | undefined> {
  if (env['LLM_PROVIDER'] !== 'local' || env['LLM_BASE_URL']) return undefined;
  const config = loadModelServerConfig(env);
  const serving = await serveLocalModel({ ...config, modelPath: resolveModelPath(config.modelPath) });
  env['LLM_BASE_URL'] = serving.url;
  // Registered before Nest's shutdown hooks, so it runs first: in-flight model calls end at
  // once (the agents fall back and record why) instead of holding the shutdown for their time-outs.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void serving.close().catch(() => undefined));
  log.warn(
    { url: serving.url, model: config.modelName, loadMs: serving.loadMs },
    `local model ${config.modelName} served at ${serving.url}`,
  );
  return serving;
}
