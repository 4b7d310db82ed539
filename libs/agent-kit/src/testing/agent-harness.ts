import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InProcessEventBus, type EventBus } from '@andon/bus';
import { loadLlmSettings, type LlmSettings } from '@andon/llm';
import { Metrics, createLogger, type Logger } from '@andon/observability';
import { SqliteDocumentStore, type DocumentStore } from '@andon/persistence';

export const REPO_ROOT = resolve(__dirname, '../../../..');

export function silentLogger(): Logger {
  return createLogger('test', 'silent');
}

/** Gateway settings with no model: every use case answers from the deterministic engine. */
export function deterministicLlm(env: Record<string, string> = {}): LlmSettings {
  return loadLlmSettings({
    LLM_PROMPTS_DIR: join(REPO_ROOT, 'prompts'),
    LLM_REDACTION_DIR: join(REPO_ROOT, 'config/redaction'),
    ...env,
  });
}

/** Real embedded adapters: the in-process bus and a SQLite file in a fresh temporary directory. */
export class EmbeddedAdapters {
  private constructor(
    readonly bus: EventBus,
    readonly store: DocumentStore,
    readonly dir: string,
    readonly metrics: Metrics,
  ) {}

  static open(bus?: EventBus): EmbeddedAdapters {
    const dir = mkdtempSync(join(tmpdir(), 'andon-agent-'));
    const metrics = new Metrics({}, false);
    return new EmbeddedAdapters(
      bus ?? new InProcessEventBus({ logger: silentLogger(), metrics }),
      SqliteDocumentStore.open(join(dir, 'andon.sqlite')),
      dir,
      metrics,
    );
  }

  /** A second store on the same file, as a restarted process would open it. */
  reopenStore(): DocumentStore {
    return SqliteDocumentStore.open(join(this.dir, 'andon.sqlite'));
  }

  async close(): Promise<void> {
    await this.bus.close();
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
