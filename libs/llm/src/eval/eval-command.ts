import { isAbsolute, resolve } from 'node:path';
import { loadLlmSettings } from '../config/llm-config';
import { createLlmGateway } from '../gateway/create-llm-gateway';
import { writeReport } from './eval-report';
import { loadScenarios } from './eval-scenario';
import { DEFAULT_THRESHOLDS, judge, runEval, type EvalThresholds } from './run-eval';

export interface EvalCommandOptions {
  /** Repository root; scenario, prompt and report paths resolve against it. */
  rootDir: string;
  env?: Record<string, string | undefined>;
  scenariosDir?: string;
  outDir?: string;
  repeats?: number;
  thresholds?: EvalThresholds;
}

/**
 * `npm run eval`: golden scenarios against the gateway as configured by the environment
 * (the deterministic engine when no model is set), Markdown + JSON report, exit code 1
 * when the scores fall below the thresholds.
 */
export async function runEvalCommand(options: EvalCommandOptions): Promise<{ exitCode: number; output: string }> {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(options.rootDir, p));
  const env = options.env ?? process.env;
  const gateway = createLlmGateway({ settings: loadLlmSettings(env), baseDir: options.rootDir });
  const scenarios = loadScenarios(at(options.scenariosDir ?? 'libs/llm/eval/scenarios'));
  const label = gateway.llmConfigured ? `model (${env['LLM_PROVIDER']}: ${env['LLM_MODEL_SMALL'] ?? ''}/${env['LLM_MODEL_LARGE'] ?? ''})` : 'deterministic engine';
  const report = await runEval(gateway, scenarios, { repeats: options.repeats ?? 2, label });
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const paths = writeReport(report, at(options.outDir ?? 'tmp/eval'), 'eval-report', thresholds);
  const verdict = judge(report, thresholds);
  const s = report.scores;
  const output = [
    `${label}: ${report.scenarios} scenarios x ${options.repeats ?? 2} runs`,
    `accuracy ${s.accuracy.toFixed(3)}  hallucination ${s.hallucinationRate.toFixed(3)}  consistency ${s.consistency.toFixed(3)}  policy ${s.policyAdherence.toFixed(3)}  model answers ${s.llmAnswerRate.toFixed(3)}`,
    `${verdict.passed ? 'PASS' : `FAIL: ${verdict.failures.join('; ')}`}`,
    `report: ${paths.markdown}, ${paths.json}`,
  ].join('\n');
  return { exitCode: verdict.passed ? 0 : 1, output };
}
