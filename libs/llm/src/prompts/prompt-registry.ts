import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ActiveFileStore, activationStack, type ActivationEvent } from './active-file';
import { unifiedDiff } from './line-diff';
import {
  compareVersions,
  parsePromptFile,
  USE_CASE_PATTERN,
  VERSION_PATTERN,
  type PromptFile,
} from './prompt-file';

export class PromptNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptNotFoundError';
  }
}

/** An activated prompt file was edited in place: its hash no longer matches the activation record. */
export class PromptIntegrityError extends Error {
  constructor(
    readonly promptId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `${promptId} changed since it was activated (sha256 ${actual.slice(0, 12)} != ${expected.slice(0, 12)}); add a new version instead`,
    );
    this.name = 'PromptIntegrityError';
  }
}

export interface ActivationOptions {
  by: string;
  reason?: string | undefined;
  now?: Date | undefined;
  gate?: ActivationEvent['gate'];
}

/**
 * Versioned prompt files under `<dir>/<use-case>/<version>.md` and the active version
 * per environment in `<dir>/active.yaml`. Prompt files are immutable once activated.
 */
export class PromptRegistry {
  private readonly store: ActiveFileStore;
  private readonly cache = new Map<string, { mtimeMs: number; prompt: PromptFile }>();

  constructor(readonly dir: string) {
    this.store = new ActiveFileStore(join(dir, 'active.yaml'));
  }

  listUseCases(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && USE_CASE_PATTERN.test(d.name))
      .map((d) => d.name)
      .sort();
  }

  listVersions(useCase: string): string[] {
    const folder = join(this.dir, useCase);
    if (!USE_CASE_PATTERN.test(useCase) || !existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((f) => f.endsWith('.md') && VERSION_PATTERN.test(f.slice(0, -3)))
      .map((f) => f.slice(0, -3))
      .sort(compareVersions);
  }

  load(useCase: string, version: string): PromptFile {
    if (!USE_CASE_PATTERN.test(useCase) || !VERSION_PATTERN.test(version)) {
      throw new PromptNotFoundError(`invalid prompt reference ${useCase}@${version}`);
    }
    const path = join(this.dir, useCase, `${version}.md`);
    if (!existsSync(path))
      throw new PromptNotFoundError(`no prompt file ${useCase}/${version}.md in ${this.dir}`);
    const mtimeMs = statSync(path).mtimeMs;
    const cached = this.cache.get(path);
    if (cached && cached.mtimeMs === mtimeMs) return cached.prompt;
    const prompt = parsePromptFile(useCase, version, readFileSync(path, 'utf8'));
    this.cache.set(path, { mtimeMs, prompt });
    return prompt;
  }

  activeVersion(useCase: string, env: string): string | undefined {
    return this.store.read().environments[env]?.[useCase]?.active;
  }

  history(useCase: string, env: string): ActivationEvent[] {
    return this.store.read().environments[env]?.[useCase]?.history ?? [];
  }

  /** The active prompt for an environment, verified against the hash recorded at activation. */
  active(useCase: string, env: string): PromptFile {
    const version = this.activeVersion(useCase, env);
    if (!version) throw new PromptNotFoundError(`no active ${useCase} prompt for environment ${env}`);
    const prompt = this.load(useCase, version);
    const recorded = activationStack(this.history(useCase, env)).at(-1);
    if (recorded && recorded.version === version && recorded.sha256 !== prompt.sha256) {
      throw new PromptIntegrityError(prompt.id, recorded.sha256, prompt.sha256);
    }
    return prompt;
  }

  diff(useCase: string, from: string, to: string): string {
    const a = this.load(useCase, from);
    const b = this.load(useCase, to);
    const header = [
      `front-matter ${from}: ${JSON.stringify(a.frontMatter)}`,
      `front-matter ${to}: ${JSON.stringify(b.frontMatter)}`,
    ];
    const body = unifiedDiff(`${useCase}/${from}.md`, `${useCase}/${to}.md`, a.body, b.body);
    return [...header, body || '(prompt bodies are identical)'].join('\n');
  }

  activate(useCase: string, version: string, env: string, options: ActivationOptions): ActivationEvent {
    const prompt = this.load(useCase, version);
    return this.append(useCase, env, {
      action: 'activate',
      version,
      sha256: prompt.sha256,
      at: (options.now ?? new Date()).toISOString(),
      by: options.by,
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.gate ? { gate: options.gate } : {}),
    });
  }

  /** Returns to the activation before the current one; refuses when there is none. */
  rollback(useCase: string, env: string, options: ActivationOptions): ActivationEvent {
    const stack = activationStack(this.history(useCase, env));
    const previous = stack.at(-2);
    if (!previous)
      throw new PromptNotFoundError(`${useCase} in ${env} has no earlier activation to roll back to`);
    return this.append(useCase, env, {
      action: 'rollback',
      version: previous.version,
      sha256: previous.sha256,
      at: (options.now ?? new Date()).toISOString(),
      by: options.by,
      ...(options.reason ? { reason: options.reason } : {}),
    });
  }

  private append(useCase: string, env: string, event: ActivationEvent): ActivationEvent {
    const file = structuredClone(this.store.read());
    const environment = (file.environments[env] ??= {});
    const entry = (environment[useCase] ??= { active: event.version, history: [] });
    entry.history.push(event);
    entry.active = activationStack(entry.history).at(-1)?.version ?? event.version;
    this.store.write(file);
    return event;
  }
}
