import { USE_CASES, type UseCaseName } from '@andon/llm';
import { runEvalCommand, type EvalCommandOptions } from '@andon/llm/cli';
import { runPlantQueryEval } from '@andon/service-plant-query/cli';
import { runAskEval } from '@andon/service-context-retrieval/cli';
import { parseCommandArgs, positiveInt, UsageError } from '../args';
import type { CliContext } from '../cli-context';
import { harvestCommand } from './harvest.command';
import { routeCommand } from './route.command';
import { localModelFor } from './local-model-for';

export const EVAL_USAGE = `usage: andon eval [--repeats N] [--per-use-case N] [--use-case a,b] [--strict]
  Golden plant scenarios on the deterministic engine and, when LLM_PROVIDER is set, on the
  model in the same run (report in tmp/eval/), then the plant-query and operator Q&A sets.
  --use-case takes a comma list of ${USE_CASES.join(', ')}.
  --strict fails when the model is below the thresholds, not only on uncaught violations.`;

type EvalFlags = Pick<EvalCommandOptions, 'repeats' | 'perUseCase' | 'useCases' | 'strict'>;

/** The `andon eval` flags, or undefined when --help was asked for. */
export function parseEvalFlags(argv: readonly string[]): EvalFlags | undefined {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      repeats: { type: 'string' },
      'per-use-case': { type: 'string' },
      'use-case': { type: 'string' },
      strict: { type: 'boolean' },
    },
    EVAL_USAGE,
  );
  // A stray argument is refused even with --help, so `andon eval <typo> --help` is not "fine".
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, EVAL_USAGE);
  if (values.help) return undefined;
  const flags: EvalFlags = {};
  const repeats = positiveInt('repeats', values.repeats, undefined, EVAL_USAGE);
  const perUseCase = positiveInt('per-use-case', values['per-use-case'], undefined, EVAL_USAGE);
  if (repeats !== undefined) flags.repeats = repeats;
  if (perUseCase !== undefined) flags.perUseCase = perUseCase;
  if (values['use-case'] !== undefined) {
    const names = values['use-case'].split(',').filter(Boolean);
    const unknown = names.filter((n) => !(USE_CASES as readonly string[]).includes(n));
    if (names.length === 0 || unknown.length)
      throw new UsageError(`--use-case takes a comma list of ${USE_CASES.join(', ')}`, EVAL_USAGE);
    flags.useCases = names as UseCaseName[];
  }
  if (values.strict) flags.strict = true;
  return flags;
}

/**
 * `andon eval [--repeats N] [--per-use-case N] [--use-case a,b] [--strict]`: golden plant
 * scenarios on the deterministic engine and, when configured, on the model in the same
 * run (side by side in tmp/eval/eval-report.md), then the plant-query question set
 * (deterministic translation on an embedded store, exact match on every number).
 */
export async function evalCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  if (argv[0] === 'harvest') return harvestCommand(argv.slice(1), ctx);
  if (argv[0] === 'route') return routeCommand(argv.slice(1), ctx);
  const flags = parseEvalFlags(argv);
  if (!flags) {
    ctx.out(EVAL_USAGE);
    return 0;
  }
  const local = await localModelFor(ctx.env, ctx);
  let exitCode: number;
  try {
    const env = local ? { ...ctx.env, LLM_BASE_URL: local.url } : ctx.env;
    const result = await runEvalCommand({
      rootDir: ctx.rootDir,
      env,
      ...flags,
      progress: (line) => ctx.err(line),
    });
    ctx.out(result.output);
    exitCode = result.exitCode;
  } finally {
    await local?.close();
  }
  const pq = await runPlantQueryEval();
  const failed = pq.results.filter((r) => !r.passed);
  ctx.out(
    `plant-query: ${pq.passed}/${pq.questions} questions exact (score ${pq.score.toFixed(3)}) ${failed.length ? 'FAIL' : 'PASS'}`,
  );
  for (const f of failed) ctx.out(`  ${f.id} "${f.question}": ${f.problem}`);
  // Operator Q&A on real procedures (services/context-retrieval/eval): steps, revisions, refusals.
  const qa = await runAskEval();
  const qaFailed = qa.results.filter((r) => !r.passed);
  const frac = (t: { passed: number; of: number }) => `${t.passed}/${t.of}`;
  ctx.out(
    `operator-qa: ${qa.passed}/${qa.questions} questions (steps complete and in order ${frac(qa.stepsCompleteInOrder)}, right revision ${frac(qa.rightRevision)}, right refusals ${frac(qa.rightRefusals)}) ${qaFailed.length ? 'FAIL' : 'PASS'}`,
  );
  for (const f of qaFailed) ctx.out(`  ${f.id}: ${f.problem}`);
  return exitCode !== 0 || failed.length > 0 || qaFailed.length > 0 ? 1 : 0;
}
