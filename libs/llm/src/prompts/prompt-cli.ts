import { PromptRegistry } from './prompt-registry';

export interface GateResult {
  passed: boolean;
  /** One line, recorded in the activation history. */
  summary: string;
}

/** Evaluation gate run before an activation, e.g. `createEvalGate` from the eval harness. */
export type ActivationGate = (useCase: string, version: string, env: string) => Promise<GateResult>;

export interface PromptCliOptions {
  promptsDir: string;
  /** Environment used when --env is not given. */
  defaultEnv: string;
  /** Who is acting when --by is not given (e.g. the OS user). */
  defaultActor: string;
  gate?: ActivationGate;
  now?: () => Date;
}

export class PromptCliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptCliError';
  }
}

export const PROMPT_CLI_USAGE = `usage: andon prompts <command>
  list [--env E]                              use cases, versions and the active one
  show <use-case> [version] [--env E]         a prompt (default: the active version)
  diff <use-case> <from> <to>                 front-matter and body diff of two versions
  history <use-case> [--env E]                activation history
  activate <use-case> <version> [--env E] [--by who] [--reason text] [--force]
                                              runs the evaluation gate first; --force
                                              overrides a failed gate and needs --reason
  rollback <use-case> [--env E] [--by who] [--reason text]
                                              back to the previous activation`;

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) flags.set(name, inline);
    else if (name === 'force') flags.set(name, true);
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new PromptCliError(`--${name} needs a value`);
      flags.set(name, value);
      i += 1;
    }
  }
  return { positional, flags };
}

function flag(parsed: Parsed, name: string): string | undefined {
  const v = parsed.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new PromptCliError(`missing ${what}\n${PROMPT_CLI_USAGE}`);
  return value;
}

/**
 * The `andon prompts` command as a function: returns the text to print, throws
 * PromptCliError (usage, failed gate) or the registry's errors.
 */
export async function runPromptCli(argv: readonly string[], options: PromptCliOptions): Promise<string> {
  const parsed = parseArgs(argv);
  const [command, useCase, a, b] = parsed.positional;
  const registry = new PromptRegistry(options.promptsDir);
  const env = flag(parsed, 'env') ?? options.defaultEnv;
  const by = flag(parsed, 'by') ?? options.defaultActor;
  const reason = flag(parsed, 'reason');
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
      return [`${prompt.id} sha256=${prompt.sha256}`, JSON.stringify(prompt.frontMatter), '', prompt.body].join('\n');
    }
    case 'diff':
      return registry.diff(need(useCase, 'use case'), need(a, 'from version'), need(b, 'to version'));
    case 'history': {
      const name = need(useCase, 'use case');
      const events = registry.history(name, env);
      if (events.length === 0) return `${name}: no activations in ${env}`;
      return events
        .map((e) => `${e.at} ${e.action.padEnd(8)} ${e.version.padEnd(6)} by ${e.by}${e.reason ? ` — ${e.reason}` : ''}${e.gate ? ` [gate ${e.gate.status}${e.gate.summary ? `: ${e.gate.summary}` : ''}]` : ''}`)
        .join('\n');
    }
    case 'activate': {
      const name = need(useCase, 'use case');
      const version = need(a, 'version');
      registry.load(name, version);
      const force = parsed.flags.get('force') === true;
      if (force && !reason) throw new PromptCliError('--force is an explicit override and needs --reason');
      let gate: { status: 'passed' | 'overridden' | 'not-configured'; summary?: string } = { status: 'not-configured' };
      if (options.gate) {
        const result = await options.gate(name, version, env);
        if (!result.passed && !force) {
          throw new PromptCliError(`evaluation gate failed for ${name}@${version}: ${result.summary}\nre-run with --force --reason "<why>" to override (recorded)`);
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
    case undefined:
    case 'help':
      return PROMPT_CLI_USAGE;
    default:
      throw new PromptCliError(`unknown command "${command}"\n${PROMPT_CLI_USAGE}`);
  }
}
