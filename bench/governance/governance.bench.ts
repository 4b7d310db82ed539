/**
 * Cost of the semantic output governance per governed output: the checks the gateway ran
 * before issue 18 (baseline: injection rules on the input; citations, numbers, policy
 * rules and output-injection rules on the answer) against the same checks plus the
 * semantic layer (forbidden intents by meaning in input and output, support of each
 * statement, echoes of flagged input), in the same run, on the golden eval scenarios'
 * faithful answers (the deterministic engine's output, as the eval spec uses). Run from
 * the repository root:
 *
 *   npm run bench:governance            (BENCH_ROUNDS=5 by default)
 *
 * Every round appends a round tag to each answer sentence and source text, so nothing
 * is served from the embedding cache that a new output would not find there either; the
 * exemplar index is built (or read from its cache) before timing starts. The sources'
 * evidence units are embedded before the answer, as the gateway does during the model
 * call (SemanticGovernance.prepare); that time is printed on its own row.
 */
import { join } from 'node:path';
import { miniLmDirFromEnv, OnnxMiniLmEmbeddings } from '@andon/embeddings';
import {
  allStrings,
  checkCitations,
  checkInputInjection,
  checkNumbers,
  checkOutputInjection,
  stringLeaves,
} from '@andon/llm/bench';
import {
  checkPolicy,
  INPUT_LABEL,
  type LabelledSource,
  labelSources,
  loadScenarios,
  normaliseNumbers,
  semanticGovernanceFor,
  USE_CASE_REGISTRY,
} from '@andon/llm';
import { percentile } from '../bench-stats';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);

const quantile = percentile;

function tagged<T>(value: T, tag: string): T {
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/([.!?])(\s*\[[^\]]*\])?\s*$/u, ` ${tag}$1$2`);
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  return visit(value) as T;
}

async function main(): Promise<void> {
  const embeddings = new OnnxMiniLmEmbeddings({ modelDir: miniLmDirFromEnv() });
  const semantic = semanticGovernanceFor(embeddings);
  await semantic.classifier?.warmUp();
  await embeddings.embed(['warm-up']);
  const scenarios = loadScenarios(join(__dirname, '../../libs/llm/eval/scenarios'));
  const baseline: number[] = [];
  const governed: number[] = [];
  const added: number[] = [];
  const prepared: number[] = [];
  const parts: Record<'scan' | 'support' | 'policy' | 'echo', number[]> = {
    scan: [],
    support: [],
    policy: [],
    echo: [],
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const s of scenarios) {
      const useCase = USE_CASE_REGISTRY[s.useCase];
      const input: unknown = useCase.inputSchema.parse(s.input);
      const sources: LabelledSource[] = tagged(labelSources(useCase, input, s.sources), `r${round}`);
      const answer = tagged(useCase.deterministic.generate(input, sources), `r${round}`);
      const claims = useCase.claimTexts(answer);
      const texts = allStrings(answer);
      const items = sources.flatMap((src) =>
        src.label === INPUT_LABEL
          ? stringLeaves(src.data?.['input'], 'input').map(([location, text]) => ({ location, text }))
          : [{ location: src.label, text: `${src.title ?? ''}\n${src.text}` }],
      );
      const labels = new Set(sources.map((x) => x.label));

      const t0 = performance.now();
      checkInputInjection(items);
      checkCitations(claims, labels);
      checkNumbers(claims, sources);
      checkPolicy(texts);
      checkOutputInjection(texts);
      const t1 = performance.now();
      checkInputInjection(items);
      const intents = await semantic.scanInput(items);
      const ta0 = performance.now();
      // The gateway embeds the sources' units while the model writes (SemanticGovernance.prepare):
      // measured on its own, not added to the answer's latency.
      await semantic.prepare(sources, new Map());
      const ta = performance.now();
      checkCitations(claims, labels);
      checkNumbers(claims.map(normaliseNumbers), sources);
      checkPolicy(texts);
      await semantic.checkSupport(claims, sources, new Map());
      const tb = performance.now();
      await semantic.checkPolicy(texts);
      const tc = performance.now();
      await semantic.checkEchoes(
        texts,
        intents.map(() => 'flagged'),
      );
      checkOutputInjection(texts);
      const t2 = performance.now();
      parts.scan.push(ta0 - t1);
      parts.support.push(tb - ta);
      parts.policy.push(tc - tb);
      parts.echo.push(t2 - tc);
      prepared.push(ta - ta0);
      baseline.push(t1 - t0);
      const after = ta0 - t1 + (t2 - ta);
      governed.push(after);
      added.push(after - (t1 - t0));
    }
  }
  await embeddings.close();
  const row = (name: string, xs: number[]) =>
    `| ${name} | ${quantile(xs, 0.5).toFixed(2)} | ${quantile(xs, 0.95).toFixed(2)} | ${Math.max(...xs).toFixed(2)} |`;
  console.log(
    `${baseline.length} governed outputs (${scenarios.length} golden scenarios x ${ROUNDS} rounds), Node ${process.version}, load average ${(
      await import('node:os')
    )
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('| checks per governed output | p50 ms | p95 ms | max ms |');
  console.log('|---|---:|---:|---:|');
  console.log(row('baseline: rules only (before issue 18)', baseline));
  console.log(row('rules + semantic layer (MiniLM)', governed));
  console.log(row('added by the semantic layer', added));
  for (const [name, xs] of Object.entries(parts)) console.log(row(`  of which ${name}`, xs));
  console.log(row('source units embedded while the model writes (not added)', prepared));
  console.log(
    `ratio of p50s (governed / baseline): ${(quantile(governed, 0.5) / quantile(baseline, 0.5)).toFixed(1)}`,
  );
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
