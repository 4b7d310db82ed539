import { userInfo } from 'node:os';
import { createLlmGateway, loadLlmSettings, loadScenarios, PromptRegistry } from '@andon/llm';
import { createEvalGate, type ActivationGate } from '@andon/llm/cli';
import { parseCommandArgs, UsageError } from '../args';
import type { CliContext } from '../cli-context';

export const PROMPTS_USAGE = `usage: andon prompts <command>   (also: andon prompt ...)
  list [--env E]                              use cases, versions and the active one
  show <use-case> [version] [--env E]         a prompt (default: the active version)
  diff <use-case> <from> <to>                 front-matter and body diff of two versions
  history <use-case> [--env E]                activation history
  activate <use-case> <version> [--env E] [--by who] [--reason text] [--force]
                                              runs the evaluation gate first; --force
                                              overrides a failed gate and needs --reason
  rollback <use-case> [--env E] [--by who] [--reason text]
                                              back to the previous activation
Files: LLM_PROMPTS_DIR (default prompts/); environment: --env, else ANDON_ENV, else development.`;

const OPTIONS = {
  env: { type: 'string' },
  by: { type: 'string' },
  reason: { type: 'string' },
  force: { type: 'boolean' },
} as const;

export interface PromptsCommandOptions {
  promptsDir: string;
  /** Environment used when --env is not given. */
  defaultEnv: string;
  /** Who is acting when --by is not given (e.g. the OS user). */
  defaultActor: string;
  gate?: ActivationGate;
  now?: () => Date;
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`, PROMPTS_USAGE);
  return value;
}

/**
 * The `andon prompts` command as a function: returns the text to print; throws UsageError
 * (exit 2), an Error for a failed gate, or the registry's errors (exit 1).
 */
export async function runPrompts(argv: readonly string[], options: PromptsCommandOptions): Promise<string> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, PROMPTS_USAGE);
  const [command, useCase, a, b] = positionals;
  const known = ['list', 'show', 'diff', 'history', 'activate', 'rollback', 'help'];
  // Checked before --help, so a documented `andon prompts <typo> --help` is refused.
  if (command !== undefined && !known.includes(command))
    throw new UsageError(`unknown command "${command}"`, PROMPTS_USAGE);
  if (values.help || command === undefined || command === 'help') return PROMPTS_USAGE;
  const registry = new PromptRegistry(options.promptsDir);
  const env = values.env ?? options.defaultEnv;
  const by = values.by ?? options.defaultActor;
  const reason = values.reason;
  const now = options.now?.() ?? new Date();

  switch (command) {
    case 'list': {
      const lines = [`environment: ${env}`];
      for (const uc of registry.listUseCases()) {
        const active = registry.activeVersion(uc, env);
        const versions = registry.listVersions(uc).map((v) => (v === active ? `${v}*` : v));
        lines.push(`${uc.padEnd(22)} ${versions.join(' ')}${active ? '' : '  (none active)'}`);
      }
      return lines.join('\n');
    }
    case 'show': {
      const name = need(useCase, 'use case');
      const version = a ?? registry.activeVersion(name, env);
      const prompt = registry.load(name, need(version, `version (no active ${name} in ${env})`));
      return [
        `${prompt.id} sha256=${prompt.sha256}`,
        JSON.stringify(prompt.frontMatter),
        '',
        prompt.body,
      ].join('\n');
    }
    case 'diff':
      return registry.diff(need(useCase, 'use case'), need(a, 'from version'), need(b, 'to version'));
    case 'history': {
      const name = need(useCase, 'use case');
      const events = registry.history(name, env);
      if (events.length === 0) return `${name}: no activations in ${env}`;
      return events
        .map(
          (e) =>
            `${e.at} ${e.action.padEnd(8)} ${e.version.padEnd(6)} by ${e.by}${e.reason ? ` — ${e.reason}` : ''}${e.gate ? ` [gate ${e.gate.status}${e.gate.summary ? `: ${e.gate.summary}` : ''}]` : ''}`,
        )
        .join('\n');
    }
    case 'activate': {
      const name = need(useCase, 'use case');
      const version = need(a, 'version');
      registry.load(name, version);
      const force = values.force === true;
      if (force && !reason)
        throw new UsageError('--force is an explicit override and needs --reason', PROMPTS_USAGE);
      let gate: { status: 'passed' | 'overridden' | 'not-configured'; summary?: string } = {
        status: 'not-configured',
      };
      if (options.gate) {
        const result = await options.gate(name, version, env);
        if (!result.passed && !force) {
          throw new Error(
            `evaluation gate failed for ${name}@${version}: ${result.summary}\nre-run with --force --reason "<why>" to override (recorded)`,
          );
        }
        gate = { status: result.passed ? 'passed' : 'overridden', summary: result.summary };
      }
      const event = registry.activate(name, version, env, { by, reason, now, gate });
      return `${name}@${event.version} active in ${env} (sha256 ${event.sha256.slice(0, 12)}, gate ${gate.status})`;
    }
    case 'rollback': {
      const name = need(useCase, 'use case');
      const before = registry.activeVersion(name, env);
      const event = registry.rollback(name, env, { by, reason, now });
      return `${name} rolled back in ${env}: ${before} -> ${event.version}`;
    }
    default:
      throw new UsageError(`unknown command "${command}"`, PROMPTS_USAGE);
  }
}

/** `andon prompts ...`: list, show, diff, history, activate (behind the eval gate), rollback. */
export async function promptsCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  // The gate (a gateway and the golden scenarios) is built only when an activation asks for it.
  const gate: ActivationGate = (useCase, version, env) => {
    const gateway = createLlmGateway({ settings: loadLlmSettings(ctx.env), baseDir: ctx.rootDir });
    return createEvalGate(gateway, loadScenarios(`${ctx.rootDir}/libs/llm/eval/scenarios`))(
      useCase,
      version,
      env,
    );
  };
  ctx.out(
    await runPrompts(argv, {
      promptsDir: ctx.env['LLM_PROMPTS_DIR'] ?? `${ctx.rootDir}/prompts`,
      defaultEnv: ctx.env['ANDON_ENV'] ?? 'development',
      defaultActor: userInfo().username,
      gate,
      ...(ctx.now ? { now: ctx.now } : {}),
    }),
  );
  return 0;
}
