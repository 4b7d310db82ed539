/**
 * Router cost from evidence with the REAL small model: the golden scenarios on SmolLM2-135M
 * (the local model server, in this process unless LLM_BASE_URL points at one) through the
 * product's gateway, each use case's pass rate (the model itself right on every run), the
 * routing decision the evidence supports (libs/llm routingFromEvidence, the same code as
 * `andon eval route`) and the token cost per tier. Run from the repository root:
 *
 *   node -r @swc-node/register bench/router/real-model.bench.ts      (npm run bench:router:real)
 *
 * BENCH_PER_USE_CASE (default 1) scenarios per use case, one run each. A large tier is
 * measured only when LLM_MODEL_LARGE names a real, distinct model at LLM_BASE_URL (e.g. vLLM
 * on a GPU machine, ADR 0018); otherwise the bench says that cost at equal pass rate
 * cannot be measured here, and never scripts a large model in its place.
 */
import { resolve } from 'node:path';
import { routingFromEvidence } from '@andon/llm/cli';
import type { EvalReport } from '@andon/llm';
import {
  loadModelServerConfig,
  resolveModelPath,
  serveLocalModel,
  type ServingModel,
} from '@andon/local-model';
import { PRICE_TABLE_PER_1K } from './prices';

const ROOT = resolve(__dirname, '../..');
const PER_USE_CASE = Number(process.env['BENCH_PER_USE_CASE'] ?? 1);

function tokens(report: EvalReport | undefined): { in: number; out: number } {
  const all = report?.quality['all'];
  return { in: all?.tokensIn ?? 0, out: all?.tokensOut ?? 0 };
}
const usd = (t: { in: number; out: number }, tier: 'small' | 'large') =>
  (t.in * PRICE_TABLE_PER_1K[tier].input + t.out * PRICE_TABLE_PER_1K[tier].output) / 1_000;
const round = (n: number, d = 6) => Number(n.toFixed(d));

async function main(): Promise<void> {
  // A real model on a busy 2-core machine takes tens of seconds a call: bounds wide enough
  // that the figures are the model's, not an open breaker's (each overridable).
  const env: Record<string, string | undefined> = {
    LLM_TIMEOUT_MS: '150000',
    LLM_MAX_RETRIES: '0',
    LLM_BREAKER_FAILURE_THRESHOLD: '1000',
    ANDON_MODEL_TIMEOUT_MS: '150000',
    ...process.env,
    LLM_PROVIDER: process.env['LLM_PROVIDER'] ?? 'local',
  };
  let serving: ServingModel | undefined;
  if (env['LLM_PROVIDER'] === 'local' && !env['LLM_BASE_URL']) {
    const config = loadModelServerConfig(env);
    serving = await serveLocalModel({ ...config, modelPath: resolveModelPath(config.modelPath) });
    env['LLM_BASE_URL'] = serving.url;
  }
  try {
    const started = Date.now();
    const { file, small, large } = await routingFromEvidence({
      rootDir: ROOT,
      env: { ...env, LLM_ROUTING_DIR: resolve(ROOT, 'tmp/bench-routing') },
      margin: 0.05,
      perUseCase: PER_USE_CASE,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    const smallTokens = tokens(small);
    const summary = {
      bench: 'router from evidence, real small model',
      small: file.evidence.small,
      large:
        file.evidence.large ??
        'NOT MEASURED: no real large model is available to this run (no GPU here); cost at equal pass rate needs one (LLM_MODEL_LARGE at a real endpoint). Nothing is scripted in its place.',
      scenarios: small.scenarios,
      seconds: Math.round((Date.now() - started) / 1000),
      routes: Object.fromEntries(
        Object.entries(file.routes).map(([useCase, r]) => [
          useCase,
          {
            tier: r.tier,
            smallPassRate: r.small.passRate,
            largePassRate: r.large?.passRate ?? null,
            reason: r.reason,
          },
        ]),
      ),
      smallTier: {
        passRate: round(
          small.results.filter((r) => r.accurate && r.llmAnswers === r.runs).length /
            (small.results.length || 1),
          3,
        ),
        modelAnswerRate: round(small.scores.llmAnswerRate, 3),
        fallbackReasons: small.fallbackReasons,
        latencyP50Ms: small.quality['all']?.latencyP50Ms,
        latencyP95Ms: small.quality['all']?.latencyP95Ms,
        tokens: smallTokens,
        costAtSmallHostedPriceUsd: round(usd(smallTokens, 'small')),
        costSelfHostedUsd: 0,
      },
      ...(large
        ? (() => {
            const lt = tokens(large);
            const routedUsd = Object.entries(file.routes).reduce((sum, [useCase, r]) => {
              const q = (r.tier === 'small' ? small : large).quality[useCase];
              return sum + usd({ in: q?.tokensIn ?? 0, out: q?.tokensOut ?? 0 }, r.tier);
            }, 0);
            return {
              largeTier: { tokens: lt, costUsd: round(usd(lt, 'large')) },
              costRoutedUsd: round(routedUsd),
              ratioRoutedToAlwaysLarge: round(routedUsd / (usd(lt, 'large') || 1), 4),
            };
          })()
        : { costAtEqualPassRate: 'not measurable without a real large model' }),
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await serving?.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
