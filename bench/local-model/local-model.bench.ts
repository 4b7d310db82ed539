/**
 * The local model (SmolLM2-135M-Instruct, node-llama-cpp on the CPU, ADR 0018): load time,
 * generation and prompt speed, process RSS with the model loaded, and time to a governed
 * answer per use case (p50/p95) through the gateway, against the deterministic engine on
 * the same scenarios in the same run (the baseline). Run from the repository root:
 *
 *   npm run bench:local-model -- [scenarios per use case, default 1] [repeats, default 3]
 *
 * Generation speed is measured on one context sequence with ANDON_MODEL_THREADS (1 by
 * default); figures depend on how busy the cores are, which the output states (load average).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createLlmGateway, loadLlmSettings, loadScenarios, runEval, type EvalReport } from '@andon/llm';
import { selectScenarios } from '@andon/llm/cli';
import { loadModelServerConfig, resolveModelPath, serveLocalModel } from '@andon/local-model';
import { benchArgs } from '../bench-args';

const ROOT = resolve(__dirname, '../..');
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

async function speed(
  url: string,
  prompt: string,
  maxTokens: number,
): Promise<{ ms: number; promptTokens: number; completionTokens: number }> {
  const started = Date.now();
  const response = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: prompt }], max_tokens: maxTokens }),
  });
  const body = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number } };
  return {
    ms: Date.now() - started,
    promptTokens: body.usage.prompt_tokens,
    completionTokens: body.usage.completion_tokens,
  };
}

function latencyRows(model: EvalReport, baseline: EvalReport): string[] {
  const rows = [
    '| use case | runs | model p50 | model p95 | deterministic p50 | deterministic p95 | model answers | tokens in / out |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const [useCase, q] of Object.entries(model.quality)) {
    const b = baseline.quality[useCase];
    rows.push(
      `| ${useCase} | ${q.runs} | ${q.latencyP50Ms} ms | ${q.latencyP95Ms} ms | ${b?.latencyP50Ms ?? '-'} ms | ${b?.latencyP95Ms ?? '-'} ms | ${q.modelAnswers} | ${q.tokensIn} / ${q.tokensOut} |`,
    );
  }
  return rows;
}

async function main(): Promise<void> {
  const { perUseCase, repeats } = benchArgs(
    'usage: npm run bench:local-model -- [scenarios per use case] [repeats]',
    ['perUseCase', 'repeats'],
    { perUseCase: '1', repeats: '3' },
  ).numbers;
  const config = loadModelServerConfig({ ...process.env, ANDON_MODEL_PORT: '0' });
  const rssBefore = process.memoryUsage().rss;
  const serving = await serveLocalModel({ ...config, modelPath: resolveModelPath(config.modelPath) });
  const rssLoaded = process.memoryUsage().rss;
  try {
    process.stdout.write(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; threads ${config.threads}\n`,
    );
    process.stdout.write(`model loaded in ${serving.loadMs} ms; RSS ${mb(rssBefore)} -> ${mb(rssLoaded)}\n`);
    const gen: Array<{ ms: number; completionTokens: number }> = [];
    for (let i = 0; i < 3; i += 1)
      gen.push(await speed(serving.url, `Write a long shift report for line ${i + 1}.`, 64));
    const tokens = gen.reduce((s, g) => s + g.completionTokens, 0);
    const ms = gen.reduce((s, g) => s + g.ms, 0);
    process.stdout.write(
      `generation: ${tokens} tokens in ${ms} ms = ${((tokens * 1000) / ms).toFixed(1)} tokens/s (short prompt, 3 x 64 max)\n`,
    );
    const long = await speed(
      serving.url,
      `${'Line 3 stopped for 42 minutes because of a jammed conveyor at station 7. '.repeat(60)}\nSummarise.`,
      1,
    );
    process.stdout.write(
      `prompt: ${long.promptTokens} tokens evaluated in ${long.ms} ms = ${((long.promptTokens * 1000) / long.ms).toFixed(0)} tokens/s\n`,
    );

    const scenarios = selectScenarios(
      loadScenarios(resolve(ROOT, 'libs/llm/eval/scenarios')),
      undefined,
      perUseCase,
    );
    const baseline = await runEval(
      createLlmGateway({ settings: loadLlmSettings({}), baseDir: ROOT }),
      scenarios,
      { repeats, label: 'deterministic' },
    );
    const env = {
      LLM_PROVIDER: 'local',
      LLM_BASE_URL: serving.url,
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: String(config.timeoutMs + 5_000),
    };
    const model = await runEval(
      createLlmGateway({ settings: loadLlmSettings(env), baseDir: ROOT }),
      scenarios,
      { repeats, label: 'local model' },
    );
    process.stdout.write(
      `time to a governed answer (${scenarios.length} scenarios x ${repeats}), RSS now ${mb(process.memoryUsage().rss)}:\n${latencyRows(model, baseline).join('\n')}\n`,
    );
  } finally {
    await serving.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
