import { userInfo } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { createLlmGateway, loadLlmSettings, loadScenarios, USE_CASES, type UseCaseName } from '@andon/llm';
import { createRoutingGate, RoutingRegistry, routingFromEvidence, type RoutingFile } from '@andon/llm/cli';
import { parseCommandArgs, positiveInt, UsageError } from '../args';
import type { CliContext } from '../cli-context';
import { localModelFor } from './local-model-for';

export const ROUTE_USAGE = `usage: andon eval route [--margin M] [--repeats N] [--per-use-case N] [--use-case a,b]
       andon eval route activate <rN> [--env E] [--reason R] [--force]
       andon eval route rollback [--env E] [--reason R]
       andon eval route show [rN]
  route: runs the golden scenarios on the small tier and, when LLM_MODEL_LARGE names a distinct
  model, on the large tier (each pinned), and writes the next versioned routing file
  (LLM_ROUTING_DIR, default config/routing/rN.json): small only where it passes within M
  (default 0.05) of the large tier; with no large-tier evidence, only where it meets the gate
  on its own. Nothing is active until activate, which runs the evaluation gate on every use
  case routed to the small tier (--force records an override with --reason).`;

function describe(file: RoutingFile): string[] {
  return [
    `routing ${file.version}: small ${file.evidence.small}, large ${file.evidence.large ?? 'NOT MEASURED (no distinct large model configured)'}, margin ${file.margin}, ${file.evidence.repeats} run(s) per scenario`,
    ...Object.entries(file.routes).map(
      ([useCase, r]) => `  ${useCase.padEnd(22)} -> ${r.tier.padEnd(5)} ${r.reason}`,
    ),
  ];
}

/** `andon eval route ...`: routing from evaluation evidence, behind the same gate as prompts. */
export async function routeCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      margin: { type: 'string' },
      repeats: { type: 'string' },
      'per-use-case': { type: 'string' },
      'use-case': { type: 'string' },
      env: { type: 'string' },
      reason: { type: 'string' },
      force: { type: 'boolean' },
    },
    ROUTE_USAGE,
  );
  if (values.help) {
    ctx.out(ROUTE_USAGE);
    return 0;
  }
  const settings = loadLlmSettings(ctx.env);
  const dir = isAbsolute(settings.routingDir)
    ? settings.routingDir
    : resolve(ctx.rootDir, settings.routingDir);
  const registry = new RoutingRegistry(dir);
  const env = values.env ?? settings.environment;
  const [sub, version, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`, ROUTE_USAGE);

  if (sub === 'show') {
    const v = version ?? registry.activeVersion(env);
    if (!v) {
      ctx.out(`no routing active in ${env}: the task-kind defaults (LLM_TASK_TIERS) apply`);
      return 0;
    }
    for (const line of describe(registry.load(v))) ctx.out(line);
    return 0;
  }
  if (sub === 'rollback') {
    const event = registry.rollback(env, {
      at: new Date().toISOString(),
      by: userInfo().username,
      ...(values.reason ? { reason: values.reason } : {}),
    });
    ctx.out(`routing in ${env} rolled back to ${event.version}`);
    return 0;
  }
  if (sub === 'activate') {
    if (!version) throw new UsageError('activate needs a routing version (rN)', ROUTE_USAGE);
    const file = registry.load(version);
    const by = userInfo().username;
    const at = new Date().toISOString();
    if (values.force) {
      if (!values.reason) throw new UsageError('--force needs --reason', ROUTE_USAGE);
      registry.activate(version, env, {
        at,
        by,
        reason: values.reason,
        gate: { status: 'overridden', summary: values.reason },
      });
      ctx.out(`routing ${version} active in ${env} (gate overridden: ${values.reason})`);
      return 0;
    }
    const local = await localModelFor(ctx.env, ctx);
    try {
      const gateEnv = local ? { ...ctx.env, LLM_BASE_URL: local.url } : ctx.env;
      const gateway = createLlmGateway({ settings: loadLlmSettings(gateEnv), baseDir: ctx.rootDir });
      const gate = createRoutingGate(gateway, loadScenarios(resolve(ctx.rootDir, 'libs/llm/eval/scenarios')));
      const result = await gate(file);
      if (!result.passed) {
        ctx.err(`routing ${version} refused by the evaluation gate: ${result.summary}`);
        return 1;
      }
      registry.activate(version, env, {
        at,
        by,
        ...(values.reason ? { reason: values.reason } : {}),
        gate: { status: 'passed', summary: result.summary },
      });
      ctx.out(`routing ${version} active in ${env}; gate: ${result.summary}`);
      return 0;
    } finally {
      await local?.close();
    }
  }
  if (sub !== undefined) throw new UsageError(`unknown route command "${sub}"`, ROUTE_USAGE);

  const margin = values.margin === undefined ? 0.05 : Number(values.margin);
  if (!(margin >= 0 && margin <= 1)) throw new UsageError('--margin is a share between 0 and 1', ROUTE_USAGE);
  const useCases = values['use-case']?.split(',').filter(Boolean);
  if (useCases?.some((u) => !(USE_CASES as readonly string[]).includes(u)))
    throw new UsageError(`--use-case takes a comma list of ${USE_CASES.join(', ')}`, ROUTE_USAGE);
  const local = await localModelFor(ctx.env, ctx);
  try {
    const evidenceEnv = local ? { ...ctx.env, LLM_BASE_URL: local.url } : ctx.env;
    const { file } = await routingFromEvidence({
      rootDir: ctx.rootDir,
      env: evidenceEnv,
      margin,
      repeats: positiveInt('repeats', values.repeats, 1, ROUTE_USAGE),
      ...(useCases ? { useCases: useCases as UseCaseName[] } : {}),
      ...(values['per-use-case']
        ? { perUseCase: positiveInt('per-use-case', values['per-use-case'], 1, ROUTE_USAGE) }
        : {}),
      progress: (line) => ctx.err(line),
    });
    const path = registry.write(file);
    for (const line of describe(file)) ctx.out(line);
    ctx.out(
      `written ${path}; activate behind the evaluation gate with: andon eval route activate ${file.version}`,
    );
    return 0;
  } finally {
    await local?.close();
  }
}
