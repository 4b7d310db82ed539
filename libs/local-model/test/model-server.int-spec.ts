import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { llmUrl } from '@andon/testing';
import { MODEL_SERVER_MAIN } from '../src/paths';

// The harness's `llm` server (generous bounds) answers the protocol tests; a second
// server of our own, started here with tight bounds and an API key, shows the bounds.

const REPO_ROOT = resolve(__dirname, '../../..');
const TIGHT_TIMEOUT_MS = 1_500;
const KEY = 'test-key-0123456789abcdef';

/** Forces a long answer: the grammar allows no end before 400 array items, so only max_tokens or the clock stops it. */
const ENDLESS = {
  type: 'json_schema',
  json_schema: {
    name: 'endless',
    schema: { type: 'array', items: { type: 'string', enum: ['line stopped'] }, minItems: 400 },
  },
};

interface Completion {
  choices: Array<{ message: { content: string }; finish_reason: string }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  andon: { grammar: string };
  error?: { code: string | null; type: string; message: string };
}

async function post(
  base: string,
  body: unknown,
  key?: string,
): Promise<{ status: number; body: Completion; headers: Headers }> {
  const response = await fetch(`${base}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Completion, headers: response.headers };
}

function startTightServer(): Promise<{ child: ChildProcess; url: string }> {
  const modelPath = execFileSync('bash', [resolve(REPO_ROOT, 'deploy/local/install-smollm2.sh')], {
    encoding: 'utf8',
  }).trim();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MODEL_SERVER_MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ANDON_MODEL_PATH: modelPath,
      ANDON_MODEL_PORT: '0',
      ANDON_MODEL_API_KEY: KEY,
      ANDON_MODEL_CONCURRENCY: '1',
      ANDON_MODEL_QUEUE_LIMIT: '1',
      ANDON_MODEL_MAX_TOKENS: '512',
      ANDON_MODEL_TIMEOUT_MS: String(TIGHT_TIMEOUT_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`model server did not start within 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`model server exited with ${String(code)}:\n${output}`));
    });
  });
}

describe('local model server (real SmolLM2 through node-llama-cpp)', () => {
  let tight: { child: ChildProcess; url: string };

  beforeAll(async () => {
    tight = await startTightServer();
  }, 90_000);

  afterAll(() => {
    tight?.child.kill('SIGTERM');
  });

  it('lists the served model', async () => {
    const response = await fetch(`${llmUrl()}/models`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<{ id: string; object: string }> };
    expect(body.data).toEqual([expect.objectContaining({ id: 'smollm2-135m-instruct', object: 'model' })]);
  });

  it('answers a chat completion with usage counts and stops at max_tokens', async () => {
    const { status, body } = await post(llmUrl(), {
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Describe a conveyor belt in detail.' },
      ],
      max_tokens: 6,
    });
    expect(status).toBe(200);
    expect(body.choices[0]?.finish_reason).toBe('length');
    expect(body.usage.completion_tokens).toBe(6);
    expect(body.usage.prompt_tokens).toBeGreaterThan(10);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(body.choices[0]?.message.content.length).toBeGreaterThan(0);
  });

  it('constrains the answer to a JSON schema by grammar (OpenAI json_schema and llama.cpp json_object + schema)', async () => {
    const schema = {
      type: 'object',
      properties: { category: { type: 'string', enum: ['dimensional', 'surface'] }, ok: { type: 'boolean' } },
      required: ['category', 'ok'],
      additionalProperties: false,
    };
    const messages = [
      { role: 'user', content: 'Bore diameter 12.08 mm against 12.00 +/- 0.05. Classify it.' },
    ];
    for (const format of [
      { type: 'json_schema', json_schema: { name: 'ncr', schema } },
      { type: 'json_object', schema },
    ]) {
      const { status, body } = await post(llmUrl(), { messages, max_tokens: 40, response_format: format });
      expect(status).toBe(200);
      expect(body.andon.grammar).toBe('json-schema');
      const parsed = JSON.parse(body.choices[0]?.message.content ?? '') as { category: string; ok: boolean };
      expect(['dimensional', 'surface']).toContain(parsed.category);
      expect(typeof parsed.ok).toBe('boolean');
    }
  });

  it('refuses what it does not serve: streaming, a conversation not ending with the user, embeddings', async () => {
    expect((await post(llmUrl(), { messages: [{ role: 'user', content: 'hi' }], stream: true })).status).toBe(
      400,
    );
    expect((await post(llmUrl(), { messages: [{ role: 'assistant', content: 'hi' }] })).status).toBe(400);
    expect((await post(llmUrl(), { messages: [] })).status).toBe(400);
    const embeddings = await fetch(`${llmUrl()}/embeddings`, { method: 'POST', body: '{}' });
    expect(embeddings.status).toBe(404);
  });

  it('requires the bearer key when one is configured', async () => {
    expect((await fetch(`${tight.url}/models`)).status).toBe(401);
    expect(
      (await fetch(`${tight.url}/models`, { headers: { authorization: 'Bearer wrong-key-0123456789ab' } }))
        .status,
    ).toBe(401);
    expect((await fetch(`${tight.url}/models`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(
      200,
    );
    expect((await post(tight.url, { messages: [{ role: 'user', content: 'hi' }] })).status).toBe(401);
  });

  it('bounds wall time (504 while generating and while queued) and the queue (429 beyond it)', async () => {
    const started = Date.now();
    const request = {
      messages: [{ role: 'user', content: 'Repeat the phrase.' }],
      max_tokens: 512,
      response_format: ENDLESS,
    };
    const results = await Promise.all([
      post(tight.url, request, KEY),
      post(tight.url, request, KEY),
      post(tight.url, request, KEY),
    ]);
    const elapsed = Date.now() - started;
    // The running one times out while generating; the queued one's clock runs out about as the
    // slot frees (whichever wins, it is a 504 at the bound); the third finds the queue full.
    expect(results.map((r) => r.status).sort()).toEqual([429, 504, 504]);
    expect(results.map((r) => r.body.error?.code)).toContain('generation_timeout');
    expect(results.find((r) => r.status === 429)?.body.error?.code).toBe('queue_full');
    for (const r of results.filter((x) => x.status === 504))
      expect(['generation_timeout', 'queue_timeout']).toContain(r.body.error?.code);
    expect(results.find((r) => r.status === 429)?.headers.get('retry-after')).toBe('1');
    // 512 forced tokens take several seconds even on a fast CPU; the bound stops them early.
    expect(elapsed).toBeLessThan(TIGHT_TIMEOUT_MS + 8_000);
    // The slot is free again afterwards: the next request starts at once (it may still hit
    // the 1.5 s bound on a loaded machine, but while generating, never in the queue).
    const next = await post(tight.url, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 }, KEY);
    expect(next.status === 200 || next.body.error?.code === 'generation_timeout').toBe(true);
  }, 60_000);
});
