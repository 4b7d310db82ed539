import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QualityMetrics } from './eval-quality';
import type { EvalReport, EvalScores } from './run-eval';
import { judge, type EvalThresholds } from './run-eval';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const row = (name: string, n: number, s: EvalScores) =>
  `| ${name} | ${n} | ${pct(s.accuracy)} | ${pct(s.hallucinationRate)} | ${pct(s.consistency)} | ${pct(s.policyAdherence)} | ${pct(s.llmAnswerRate)} |`;

export function renderMarkdown(report: EvalReport, thresholds?: EvalThresholds): string {
  const verdict = judge(report, thresholds);
  const lines = [
    `# Evaluation: ${report.label}`,
    '',
    `${report.scenarios} scenarios (${report.fromField} from the field: approvers' verdicts), ${report.runs} runs, started ${report.startedAt}. Verdict: **${verdict.passed ? 'PASS' : 'FAIL'}**${verdict.failures.length ? ` (${verdict.failures.join('; ')})` : ''}.`,
    '',
    '| use case | scenarios | accuracy | hallucination rate | consistency | policy adherence | model answers |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(report.byUseCase).map(([name, s]) => row(name, s.scenarios, s)),
    row('**all**', report.scenarios, report.scores),
    '',
    `Fallback reasons: ${
      Object.entries(report.fallbackReasons)
        .map(([r, n]) => `${r} ${n}`)
        .join(', ') || 'none'
    }.`,
    '',
    ...renderQuality(report.quality),
  ];
  const failing = report.results.filter((r) => r.problems.length > 0);
  if (failing.length) {
    lines.push('', '## Problems', '');
    for (const r of failing) lines.push(`- **${r.id}** (${r.title}): ${r.problems.slice(0, 6).join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

const QUALITY_HEADER = [
  '| use case | runs | model answers | fall-back rate | schema failures | number errors | uncited claims | policy caught | provider failures | uncaught | latency p50 / p95 | tokens in / out |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
];

function qualityRow(name: string, q: QualityMetrics, label = name): string {
  return `| ${label} | ${q.runs} | ${q.modelAnswers} | ${pct(q.fallbackRate)} | ${q.schemaFailures} | ${q.numberErrors} | ${q.uncitedClaims} | ${q.policyCaught} | ${q.providerFailures} | ${q.uncaughtViolations} | ${(q.latencyP50Ms / 1000).toFixed(2)} s / ${(q.latencyP95Ms / 1000).toFixed(2)} s | ${q.tokensIn} / ${q.tokensOut} |`;
}

/** Failure modes, latency and tokens per use case: counts of runs. */
export function renderQuality(quality: Record<string, QualityMetrics>): string[] {
  return [
    ...QUALITY_HEADER,
    ...Object.entries(quality).map(([name, q]) => qualityRow(name, q, name === 'all' ? '**all**' : name)),
  ];
}

/**
 * The deterministic engine and a model on the same scenarios, use case by use case:
 * headline scores, then failure modes, latency and tokens.
 */
export function renderComparison(reports: readonly EvalReport[]): string {
  const lines = ['# Evaluation: side by side', ''];
  for (const r of reports)
    lines.push(`- **${r.label}**: ${r.scenarios} scenarios, ${r.runs} runs, started ${r.startedAt}.`);
  lines.push(
    '',
    '| use case | engine | accuracy | hallucination rate | consistency | policy adherence | model answers |',
    '|---|---|---|---|---|---|---|',
  );
  const useCases = [...new Set(reports.flatMap((r) => Object.keys(r.byUseCase)))].sort();
  for (const useCase of [...useCases, 'all']) {
    for (const r of reports) {
      const s = useCase === 'all' ? r.scores : r.byUseCase[useCase];
      if (s)
        lines.push(
          `| ${useCase === 'all' ? '**all**' : useCase} | ${r.label} | ${pct(s.accuracy)} | ${pct(s.hallucinationRate)} | ${pct(s.consistency)} | ${pct(s.policyAdherence)} | ${pct(s.llmAnswerRate)} |`,
        );
    }
  }
  lines.push(
    '',
    ...QUALITY_HEADER.map((h, i) =>
      i === 0 ? h.replace('| use case |', '| use case | engine |') : h.replace('|---|', '|---|---|'),
    ),
  );
  for (const useCase of [...useCases, 'all']) {
    for (const r of reports) {
      const q = r.quality[useCase];
      if (q) lines.push(qualityRow(useCase, q, `${useCase === 'all' ? '**all**' : useCase} | ${r.label}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `<name>.md` and `<name>.json` into `dir`; returns their paths. */
export function writeReport(
  report: EvalReport,
  dir: string,
  name = 'eval-report',
  thresholds?: EvalThresholds,
): { markdown: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const markdown = join(dir, `${name}.md`);
  const json = join(dir, `${name}.json`);
  writeFileSync(markdown, renderMarkdown(report, thresholds));
  writeFileSync(json, `${JSON.stringify({ ...report, verdict: judge(report, thresholds) }, null, 2)}\n`);
  return { markdown, json };
}
