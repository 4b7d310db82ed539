import { runEvalCommand } from '@andon/llm';
import { runPlantQueryEval } from '@andon/service-plant-query';
import type { CliContext } from '../cli-context';

/**
 * `andon eval`: golden plant scenarios against the configured model (or the deterministic
 * engine), then the plant-query question set (deterministic translation on an embedded
 * store, exact match on every number). Fails when either falls short.
 */
export async function evalCommand(_argv: readonly string[], ctx: CliContext): Promise<number> {
  const { exitCode, output } = await runEvalCommand({ rootDir: ctx.rootDir, env: ctx.env });
  ctx.out(output);
  const pq = await runPlantQueryEval();
  const failed = pq.results.filter((r) => !r.passed);
  ctx.out(`plant-query: ${pq.passed}/${pq.questions} questions exact (score ${pq.score.toFixed(3)}) ${failed.length ? 'FAIL' : 'PASS'}`);
  for (const f of failed) ctx.out(`  ${f.id} "${f.question}": ${f.problem}`);
  return exitCode !== 0 || failed.length > 0 ? 1 : 0;
}
