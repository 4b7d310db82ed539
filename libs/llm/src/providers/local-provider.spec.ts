import { loadLlmSettings, LOCAL_MODEL_NAME } from '../config/llm-config';
import { ScriptedOpenAiServer } from '../testing/scripted-openai-server';
import { LangChainChatAdapter } from './langchain-chat.adapter';

describe('LLM_PROVIDER=local', () => {
  it('needs LLM_BASE_URL, defaults both tiers to the local model and sends the output schema', () => {
    expect(() => loadLlmSettings({ LLM_PROVIDER: 'local' })).toThrow(/LLM_BASE_URL/);
    const local = loadLlmSettings({ LLM_PROVIDER: 'local', LLM_BASE_URL: 'http://127.0.0.1:9/v1' }).provider;
    expect(local).toMatchObject({
      provider: 'local',
      models: { small: LOCAL_MODEL_NAME, large: LOCAL_MODEL_NAME },
      jsonSchema: true,
    });
    expect(
      loadLlmSettings({
        LLM_PROVIDER: 'local',
        LLM_BASE_URL: 'http://127.0.0.1:9/v1',
        LLM_JSON_SCHEMA: 'false',
      }).provider?.jsonSchema,
    ).toBe(false);
    expect(loadLlmSettings({ LLM_PROVIDER: 'openai', LLM_MODEL_SMALL: 's' }).provider?.jsonSchema).toBe(
      false,
    );
  });

  describe('the adapter', () => {
    let server: ScriptedOpenAiServer;
    beforeAll(async () => {
      server = await ScriptedOpenAiServer.start();
    });
    afterAll(() => server.close());
    beforeEach(() => server.requests.splice(0));

    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] };
    const request = {
      model: LOCAL_MODEL_NAME,
      temperature: 0,
      maxTokens: 50,
      jsonMode: true,
      jsonSchema: { name: 'ncr-triage', schema },
      messages: [{ role: 'user' as const, content: 'hi' }],
    };

    it('sends response_format json_object with the schema (llama.cpp form) and records provider local', async () => {
      server.enqueue({ kind: 'chat', content: '{"a":1}', tokensIn: 9, tokensOut: 4 });
      const adapter = new LangChainChatAdapter({
        provider: 'local',
        baseUrl: server.baseUrl,
        apiKey: undefined,
        sendJsonSchema: true,
      });
      expect(adapter.provider).toBe('local');
      await expect(adapter.complete(request)).resolves.toEqual({
        text: '{"a":1}',
        tokensIn: 9,
        tokensOut: 4,
        model: LOCAL_MODEL_NAME,
      });
      expect(server.chatRequests()[0]?.body).toMatchObject({
        response_format: { type: 'json_object', schema },
      });
    });

    it('keeps plain JSON mode when the schema is not to be sent', async () => {
      server.enqueue({ kind: 'chat', content: '{"a":1}' });
      await new LangChainChatAdapter({ provider: 'openai', baseUrl: server.baseUrl, apiKey: 'k' }).complete(
        request,
      );
      expect((server.chatRequests()[0]?.body as { response_format: unknown }).response_format).toEqual({
        type: 'json_object',
      });
    });

    it('hands a truncated answer back as text for the gateway to judge (no SDK-side parsing)', async () => {
      server.enqueue({ kind: 'chat', content: '{"a": 1, "b": "cut he' });
      const adapter = new LangChainChatAdapter({
        provider: 'local',
        baseUrl: server.baseUrl,
        apiKey: undefined,
        sendJsonSchema: true,
      });
      await expect(adapter.complete(request)).resolves.toMatchObject({ text: '{"a": 1, "b": "cut he' });
    });
  });
});
