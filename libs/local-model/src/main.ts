import { resolveModelPath } from './model-path';
import { loadModelServerConfig } from './model-server.config';
import { serveLocalModel } from './serve';

/**
 * The model server as its own process (the test harness's `llm` server, `npm start` with
 * LLM_PROVIDER=local). Prints one line `andon-model-server listening <url>` when ready.
 */
async function main(): Promise<void> {
  const config = loadModelServerConfig();
  const modelPath = resolveModelPath(config.modelPath);
  const serving = await serveLocalModel({ ...config, modelPath }, (log) =>
    process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...log })}\n`),
  );
  process.stdout.write(
    `andon-model-server listening ${serving.url} model=${config.modelName} loaded in ${serving.loadMs} ms\n`,
  );
  const stop = (): void => {
    serving.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`andon-model-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
