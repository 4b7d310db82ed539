import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { loadLlmSettings } from '../config/llm-config';
import { createLlmGateway } from '../gateway/create-llm-gateway';
import type { LlmCallSink } from '../gateway/llm-call-record';
import type { UseCaseName } from '../use-cases/use-case';
import { renderComparison, writeReport } from './eval-report';
import { loadScenarios, type EvalScenario } from './eval-scenario';
import { DEFAULT_THRESHOLDS, judge, runEval, type EvalReport, type EvalThresholds } from './run-eval';

export interface EvalCommandOptions {
  /** Repository root; scenario, prompt and report paths resolve against it. */
  rootDir: string;
  env?: Record<string, string | undefined>;
  scenariosDir?: string;
  outDir?: string;
  repeats?: number;
  thresholds?: EvalThresholds;
  /** Only these use cases (default: all). */
  useCases?: readonly UseCaseName[];
  /** At most this many scenarios per use case, in file order (default: all). */
  perUseCase?: number;
  /** Fail when the model is below the thresholds, not only on uncaught violations. */
  strict?: boolean;
  /** Sees every model call record of the model run. */
  onCall?: LlmCallSink;
  /** Progress lines (one per scenario of the model run). */
  progress?: (line: string) => void;
}

export interface EvalCommandResult {
  exitCode: number;
  output: string;
  deterministic: EvalReport;
  model?: EvalReport;
}

const ENV_WITHOUT_MODEL = ['LLM_PROVIDER', 'LLM_MODEL_SMALL', 'LLM_MODEL_LARGE'];

export function selectScenarios(
  all: readonly EvalScenario[],
  useCases?: readonly UseCaseName[],
  perUseCase?: number,
): EvalScenario[] {
  const taken = new Map<string, number>();
  return all.filter((s) => {
    if (useCases && !useCases.includes(s.useCase)) return false;
    const n = taken.get(s.useCase) ?? 0;
    if (perUseCase !== undefined && n >= perUseCase) return false;
    taken.set(s.useCase, n + 1);
    return true;
  });
}

function summary(report: EvalReport): string {
  const s = report.scores;
  const q = report.quality['all'];
  return [
    `${report.label}: ${report.scenarios} scenarios (${report.fromField} from the field), ${report.runs} runs`,
    `  accuracy ${s.accuracy.toFixed(3)}  hallucination ${s.hallucinationRate.toFixed(3)}  consistency ${s.consistency.toFixed(3)}  policy ${s.policyAdherence.toFixed(3)}  model answers ${s.llmAnswerRate.toFixed(3)}`,
    q
      ? `  fall-back ${q.fallbackRate.toFixed(3)}  schema failures ${q.schemaFailures}  number errors ${q.numberErrors}  uncited ${q.uncitedClaims}  policy caught ${q.policyCaught}  provider failures ${q.providerFailures}  UNCAUGHT ${q.uncaughtViolations}  latency p50 ${q.latencyP50Ms} ms p95 ${q.latencyP95Ms} ms  tokens ${q.tokensIn} in / ${q.tokensOut} out`
      : '',
  ].join('\n');
}

/**
 * `npm run eval`: golden scenarios on the deterministic engine and, when a model is
 * configured, on the model through the same gateway in the same run. Reports per engine
 * plus a side-by-side one. Exit code 1 when the deterministic engine is below the
 * thresholds or any model output carried an uncaught violation; a model below the
 * thresholds fails only with `strict` (the prompt gate judges models, not this command).
 */
export async function runEvalCommand(options: EvalCommandOptions): Promise<EvalCommandResult> {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(options.rootDir, p));
  const env = options.env ?? process.env;
  const repeats = options.repeats ?? 2;
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const outDir = at(options.outDir ?? 'tmp/eval');
  const scenarios = selectScenarios(
    loadScenarios(at(options.scenariosDir ?? 'libs/llm/eval/scenarios')),
    options.useCases,
    options.perUseCase,
  );

  const withoutModel = Object.fromEntries(
    Object.entries(env).filter(([k]) => !ENV_WITHOUT_MODEL.includes(k)),
  );
  const deterministicGateway = createLlmGateway({
    settings: loadLlmSettings(withoutModel),
    baseDir: options.rootDir,
  });
  const deterministic = await runEval(deterministicGateway, scenarios, {
    repeats,
    label: 'deterministic engine',
  });
  const lines = [summary(deterministic)];
  const detVerdict = judge(deterministic, thresholds);
  lines.push(`  ${detVerdict.passed ? 'PASS' : `FAIL: ${detVerdict.failures.join('; ')}`}`);
  writeReport(deterministic, outDir, 'eval-deterministic', thresholds);
  let exitCode = detVerdict.passed ? 0 : 1;

  const settings = loadLlmSettings(env);
  let model: EvalReport | undefined;
  if (settings.provider) {
    const gateway = createLlmGateway({
      settings,
      baseDir: options.rootDir,
      ...(options.onCall ? { onCall: options.onCall } : {}),
    });
    const label = `model (${settings.provider.provider}: ${settings.provider.models.small}/${settings.provider.models.large})`;
    const progress = options.progress;
    const tracked = progress
      ? {
          generate: async (...args: Parameters<typeof gateway.generate>) => {
            const out = await gateway.generate(...args);
            progress(
              `${args[3].correlationId}: ${out.generation.deterministic ? `fallback (${out.generation.fallbackReason ?? ''})` : 'model answer'} in ${out.generation.latencyMs} ms`,
            );
            return out;
          },
        }
      : gateway;
    model = await runEval(tracked, scenarios, { repeats, label });
    lines.push(summary(model));
    const verdict = judge(model, thresholds);
    const uncaught = model.quality['all']?.uncaughtViolations ?? 0;
    lines.push(
      `  gate thresholds: ${verdict.passed ? 'met' : `not met (${verdict.failures.join('; ')})`}; uncaught violations: ${uncaught}`,
    );
    writeReport(model, outDir, 'eval-model', thresholds);
    if (uncaught > 0 || (options.strict && !verdict.passed)) exitCode = 1;
  } else {
    lines.push(
      'no model configured (LLM_PROVIDER): deterministic engine only; LLM_PROVIDER=local evaluates the local model',
    );
  }
  mkdirSync(outDir, { recursive: true });
  const combined = join(outDir, 'eval-report.md');
  writeFileSync(combined, renderComparison(model ? [deterministic, model] : [deterministic]));
  writeFileSync(
    join(outDir, 'eval-report.json'),
    `${JSON.stringify({ deterministic, ...(model ? { model } : {}) }, null, 2)}\n`,
  );
  lines.push(`report: ${combined} (per engine: eval-deterministic.md, eval-model.md)`);
  return { exitCode, output: lines.join('\n'), deterministic, ...(model ? { model } : {}) };
}
