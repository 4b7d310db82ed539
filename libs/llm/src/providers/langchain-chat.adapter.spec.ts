import { ProviderError } from '../resilience/errors';
import { ScriptedOpenAiServer } from '../testing/scripted-openai-server';
import { LangChainChatAdapter } from './langchain-chat.adapter';
import { LangChainEmbeddingsAdapter } from './langchain-embeddings.adapter';

describe('LangChainChatAdapter against the scripted server', () => {
  let server: ScriptedOpenAiServer;
  beforeAll(async () => {
    server = await ScriptedOpenAiServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.requests.splice(0));

  const request = {
    model: 'small-1',
    temperature: 0.1,
    maxTokens: 200,
    jsonMode: true,
    messages: [
      { role: 'system' as const, content: 'sys' },
      { role: 'user' as const, content: 'hi' },
    ],
  };

  it('calls /v1/chat/completions through ChatOpenAI with JSON mode and reports usage', async () => {
    server.enqueue({ kind: 'chat', content: '{"a":1}', tokensIn: 11, tokensOut: 7 });
    const adapter = new LangChainChatAdapter({ provider: 'openai', baseUrl: server.baseUrl, apiKey: 'k' });
    const out = await adapter.complete(request);
    expect(out).toEqual({ text: '{"a":1}', tokensIn: 11, tokensOut: 7, model: 'small-1' });
    const [sent] = server.chatRequests();
    expect(sent?.headers['authorization']).toBe('Bearer k');
    expect(sent?.body).toMatchObject({
      model: 'small-1',
      temperature: 0.1,
      response_format: { type: 'json_object' },
    });
    expect((sent?.body as { messages: unknown[] }).messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'hi' },
    ]);
  });

  it('calls Ollama /api/chat natively through ChatOllama', async () => {
    server.enqueue({ kind: 'chat', content: '{"b":2}', tokensIn: 5, tokensOut: 3 });
    const adapter = new LangChainChatAdapter({
      provider: 'ollama',
      baseUrl: server.origin,
      apiKey: undefined,
    });
    const out = await adapter.complete(request);
    expect(out.text).toBe('{"b":2}');
    expect(out.tokensIn).toBe(5);
    expect(out.tokensOut).toBe(3);
    expect(server.chatRequests()[0]?.path).toBe('/api/chat');
    expect(server.chatRequests()[0]?.body).toMatchObject({ model: 'small-1', format: 'json' });
  });

  it('maps a 503 to a retryable ProviderError and a 400 to a final one', async () => {
    const adapter = new LangChainChatAdapter({ provider: 'openai', baseUrl: server.baseUrl, apiKey: 'k' });
    server.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 400 });
    const first = await adapter.complete(request).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ProviderError);
    expect((first as ProviderError).retryable).toBe(true);
    const second = await adapter.complete(request).catch((e: unknown) => e);
    expect((second as ProviderError).retryable).toBe(false);
    // LangChain and the SDK must not retry on their own: one request per call.
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('embeds through /v1/embeddings and /api/embed', async () => {
    const openai = new LangChainEmbeddingsAdapter({
      provider: 'openai',
      baseUrl: server.baseUrl,
      apiKey: 'k',
      model: 'emb',
    });
    const [a, b] = await openai.embed(['spindle vibration alarm', 'spindle vibration alarm']);
    expect(a).toHaveLength(16);
    expect(a?.[0]).toBeCloseTo(b?.[0] ?? NaN, 5);
    const ollama = new LangChainEmbeddingsAdapter({
      provider: 'ollama',
      baseUrl: server.origin,
      apiKey: undefined,
      model: 'emb',
    });
    expect((await ollama.embed(['x']))[0]).toHaveLength(16);
  });
});
