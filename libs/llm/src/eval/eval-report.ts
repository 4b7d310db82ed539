import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalReport, EvalScores } from './run-eval';
import { judge, type EvalThresholds } from './run-eval';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const row = (name: string, n: number, s: EvalScores) => `| ${name} | ${n} | ${pct(s.accuracy)} | ${pct(s.hallucinationRate)} | ${pct(s.consistency)} | ${pct(s.policyAdherence)} | ${pct(s.llmAnswerRate)} |`;

export function renderMarkdown(report: EvalReport, thresholds?: EvalThresholds): string {
  const verdict = judge(report, thresholds);
  const lines = [
    `# Evaluation: ${report.label}`,
    '',
    `${report.scenarios} scenarios, ${report.runs} runs, started ${report.startedAt}. Verdict: **${verdict.passed ? 'PASS' : 'FAIL'}**${verdict.failures.length ? ` (${verdict.failures.join('; ')})` : ''}.`,
    '',
    '| use case | scenarios | accuracy | hallucination rate | consistency | policy adherence | model answers |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(report.byUseCase).map(([name, s]) => row(name, s.scenarios, s)),
    row('**all**', report.scenarios, report.scores),
    '',
    `Fallback reasons: ${Object.entries(report.fallbackReasons).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}.`,
  ];
  const failing = report.results.filter((r) => r.problems.length > 0);
  if (failing.length) {
    lines.push('', '## Problems', '');
    for (const r of failing) lines.push(`- **${r.id}** (${r.title}): ${r.problems.slice(0, 6).join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `<name>.md` and `<name>.json` into `dir`; returns their paths. */
export function writeReport(report: EvalReport, dir: string, name = 'eval-report', thresholds?: EvalThresholds): { markdown: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const markdown = join(dir, `${name}.md`);
  const json = join(dir, `${name}.json`);
  writeFileSync(markdown, renderMarkdown(report, thresholds));
  writeFileSync(json, `${JSON.stringify({ ...report, verdict: judge(report, thresholds) }, null, 2)}\n`);
  return { markdown, json };
}
