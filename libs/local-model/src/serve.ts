import { LlamaRuntime } from './llama-runtime';
import type { ModelServerConfig } from './model-server.config';
import { startModelServer, type CompletionLog, type RunningModelServer } from './model-server';

export interface ServingModel extends RunningModelServer {
  runtime: LlamaRuntime;
  loadMs: number;
}

/** Loads the model named by the config and serves it; `close()` stops both. */
export async function serveLocalModel(
  config: ModelServerConfig & { modelPath: string },
  onCompletion?: (log: CompletionLog) => void,
): Promise<ServingModel> {
  const started = Date.now();
  const runtime = await LlamaRuntime.load({
    modelPath: config.modelPath,
    contextSize: config.contextSize,
    threads: config.threads,
    sequences: config.concurrency,
  });
  const loadMs = Date.now() - started;
  const running = await startModelServer(config, runtime, onCompletion);
  return {
    ...running,
    runtime,
    loadMs,
    close: async () => {
      await running.close();
      await runtime.dispose();
    },
  };
}
