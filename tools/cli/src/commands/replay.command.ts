import type { ReplayReport } from '@andon/llm';
import { parseCommandArgs, UsageError } from '../args';
import type { CliContext } from '../cli-context';
import { AndonApi } from './andon-api';

export const REPLAY_USAGE = `usage: andon replay <id> [--prompt recorded|current] [--model recorded|current] [--rebuild-only] [--json]
  For a past proposal (action id), recommendation or LLM call id: rebuilds what produced it from
  the ledger and the capture store (plant input, retrieved sources with revisions, redaction,
  prompt version, model, parameters, checks), re-runs it under the recorded (default) or the
  current prompt and model, and shows the differences in classification, citations and text.
  A replay proposes, records and executes nothing. Reads the running deployment (ANDON_URL).
  --rebuild-only prints what produced it without re-running; --json prints the whole report.`;

const CHOICES = ['recorded', 'current'] as const;
type Choice = (typeof CHOICES)[number];

function choice(flag: string, value: string | undefined): Choice {
  if (value === undefined) return 'recorded';
  if (!(CHOICES as readonly string[]).includes(value))
    throw new UsageError(`--${flag} is recorded or current, got "${value}"`, REPLAY_USAGE);
  return value as Choice;
}

const failedChecks = (checks: ReadonlyArray<{ name: string; passed: boolean }>): string => {
  const failed = checks.filter((c) => !c.passed).map((c) => c.name);
  return failed.length ? `checks failed: ${failed.join(', ')}` : `${checks.length} checks passed`;
};

/** What `andon replay` prints: per call, what produced it, both runs and the differences. */
export function describeReplay(report: ReplayReport): string[] {
  const lines = [
    `replay of ${report.subject.kind} ${report.subject.id} (site ${report.subject.site}) under the ${report.options.prompt} prompt and the ${report.options.model} model — nothing is proposed, recorded or executed`,
  ];
  for (const p of report.problems) lines.push(`  ! ${p}`);
  for (const c of report.calls) {
    const params = c.rebuilt.parameters;
    lines.push(
      `call ${c.callId} (${c.useCase}, ${c.at})`,
      `  capture: ${c.captureMatchesLedger === null ? 'no hash in the ledger record' : c.captureMatchesLedger ? 'matches the ledger' : 'DOES NOT MATCH the ledger'}; redactions ${
        Object.entries(c.rebuilt.redactions)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ') || 'none'
      }; ${params.maxTokens ? `temperature ${params.temperature ?? '-'}, max tokens ${params.maxTokens}${params.jsonSchema ? ', JSON schema grammar' : ''}` : 'no model call recorded'}`,
      `  sources: ${c.rebuilt.sources.map((s) => `${s.id}${s.revision ? ` (rev ${s.revision})` : ''}${s.matchesLedger === false ? ' CHANGED' : ''}`).join(', ') || 'none'}`,
    );
    for (const [label, run] of [
      ['recorded', c.recorded],
      ['replayed', c.replayed],
    ] as const) {
      lines.push(
        `  ${label}: prompt ${run.promptVersion} (${run.promptHash.slice(0, 12)}), ${run.model} via ${run.provider}, ${run.outcome}${run.fallbackReasons.length ? ` (${run.fallbackReasons.join(', ')})` : ''}; ${failedChecks(run.checks)}`,
      );
    }
    if (c.replayed.note) lines.push(`  note: ${c.replayed.note}`);
    const d = c.differences;
    if (d.same) {
      lines.push('  differences: none (same classification, citations and text)');
      continue;
    }
    lines.push('  differences:');
    for (const x of d.classification)
      lines.push(`    ${x.field}: ${JSON.stringify(x.recorded)} -> ${JSON.stringify(x.replayed)}`);
    if (d.citations.added.length) lines.push(`    cites now: ${d.citations.added.join(', ')}`);
    if (d.citations.removed.length) lines.push(`    no longer cites: ${d.citations.removed.join(', ')}`);
    if (d.text) lines.push(...d.text.split('\n').map((l) => `    ${l}`));
  }
  return lines;
}

/** `andon replay <id>`: decision replay through the deployment's console API. */
export async function replayCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      prompt: { type: 'string' },
      model: { type: 'string' },
      'rebuild-only': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    REPLAY_USAGE,
  );
  if (values.help) {
    ctx.out(REPLAY_USAGE);
    return 0;
  }
  const [id, ...extra] = positionals;
  if (!id || extra.length)
    throw new UsageError(id ? `unexpected argument "${extra[0]}"` : 'andon replay needs an id', REPLAY_USAGE);
  const query = new URLSearchParams({
    prompt: choice('prompt', values.prompt),
    model: choice('model', values.model),
    rerun: values['rebuild-only'] ? 'false' : 'true',
  });
  const res = await new AndonApi(ctx).request(`/api/console/replay/${encodeURIComponent(id)}?${query}`);
  const body = (await res.json()) as ReplayReport & { message?: string };
  if (!res.ok) {
    ctx.err(`replay failed: ${res.status} ${body.message ?? ''}`);
    return 1;
  }
  if (values.json || values['rebuild-only']) ctx.out(JSON.stringify(body, null, 2));
  else for (const line of describeReplay(body)) ctx.out(line);
  return body.problems?.some((p) => p.includes('does not match')) ? 1 : 0;
}
