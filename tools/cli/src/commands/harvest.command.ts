import { isAbsolute, resolve } from 'node:path';
import type { LlmCallCapture } from '@andon/llm';
import { addReviewed, scenarioFromVerdict, writeHarvest, type Verdict } from '@andon/llm/cli';
import { parseCommandArgs, positiveInt, UsageError } from '../args';
import type { CliContext } from '../cli-context';
import { AndonApi } from './andon-api';

export const HARVEST_USAGE = `usage: andon eval harvest [--out DIR] [--site S] [--limit N]
       andon eval harvest add FILE... [--golden DIR]
  harvest: rejected proposals of the running deployment (ANDON_URL), with the approvers' reasons
  (approval's signatures), become evaluation scenarios in the golden-set format: the captured
  request and sources of the LLM call behind each (redacted with the site's dictionary), an
  empty "expected" and an "origin" naming the decision. One file per scenario, written for
  review to DIR (default tmp/eval/harvest); nothing enters the golden set here.
  add: after review (fill "expected" from the reason, set origin.reviewed to true), appends the
  scenarios to the golden set's field.json (default libs/llm/eval/scenarios); andon eval then
  reports how many scenarios came from the field.`;

interface ActionList {
  actions: Array<{ actionId: string }>;
}
interface ActionDetail {
  action: { actionId: string; title: string };
  state: string;
  signatures: Verdict['signatures'];
}
interface Rebuilt {
  calls: Array<{ callId: string; capture?: LlmCallCapture }>;
  problems: string[];
}

async function getJson<T>(api: AndonApi, path: string): Promise<T> {
  const res = await api.request(path);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function harvest(
  values: { out?: string; site?: string; limit?: string },
  ctx: CliContext,
): Promise<number> {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(ctx.rootDir, p));
  const api = new AndonApi(ctx);
  const query = new URLSearchParams({
    state: 'rejected',
    limit: String(positiveInt('limit', values.limit, 200, HARVEST_USAGE)),
  });
  if (values.site) query.set('site', values.site);
  const { actions } = await getJson<ActionList>(api, `/api/actions?${query}`);
  const scenarios = [];
  for (const { actionId } of actions) {
    const detail = await getJson<ActionDetail>(api, `/api/actions/${encodeURIComponent(actionId)}`);
    const verdict: Verdict = {
      actionId,
      title: detail.action.title,
      state: detail.state,
      signatures: detail.signatures,
    };
    const rebuilt = await getJson<Rebuilt>(
      api,
      `/api/console/replay/${encodeURIComponent(actionId)}?rerun=false`,
    );
    for (const p of rebuilt.problems) ctx.err(`${actionId}: ${p}`);
    for (const call of rebuilt.calls) {
      if (call.capture)
        scenarios.push(
          scenarioFromVerdict(verdict, call.capture, at(ctx.env['LLM_REDACTION_DIR'] ?? 'config/redaction')),
        );
    }
  }
  const files = writeHarvest(at(values.out ?? 'tmp/eval/harvest'), scenarios);
  ctx.out(`harvested ${files.length} scenarios from ${actions.length} rejected proposals for review:`);
  for (const f of files) ctx.out(`  ${f}`);
  if (files.length)
    ctx.out(
      'review each (fill "expected" from the approver\'s reason, set origin.reviewed), then: andon eval harvest add <files>',
    );
  return 0;
}

/** `andon eval harvest [add]`: approvers' verdicts as evaluation scenarios, and the review step into the golden set. */
export async function harvestCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      out: { type: 'string' },
      site: { type: 'string' },
      limit: { type: 'string' },
      golden: { type: 'string' },
    },
    HARVEST_USAGE,
  );
  if (values.help) {
    ctx.out(HARVEST_USAGE);
    return 0;
  }
  if (positionals[0] === 'add') {
    const files = positionals.slice(1);
    if (files.length === 0)
      throw new UsageError('andon eval harvest add needs the reviewed files', HARVEST_USAGE);
    const golden = values.golden ?? 'libs/llm/eval/scenarios';
    const { added } = addReviewed(
      files.map((f) => (isAbsolute(f) ? f : resolve(process.cwd(), f))),
      isAbsolute(golden) ? golden : resolve(ctx.rootDir, golden),
    );
    ctx.out(`added ${added.length} reviewed field scenarios to the golden set: ${added.join(', ')}`);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, HARVEST_USAGE);
  if (values.golden) throw new UsageError('--golden belongs to andon eval harvest add', HARVEST_USAGE);
  return harvest(values, ctx);
}
