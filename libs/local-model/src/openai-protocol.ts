import { z } from 'zod';
import type { ChatTurn } from './llama-runtime';

const textPart = z.object({ type: z.literal('text'), text: z.string() });

const message = z.object({
  // `developer` is OpenAI's newer name for system instructions.
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(textPart)]),
});

const responseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  // `schema` on json_object is llama.cpp server's extension, which the product's provider path sends (ADR 0018).
  z.object({ type: z.literal('json_object'), schema: z.record(z.string(), z.unknown()).optional() }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().min(1),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

/** The subset of OpenAI's chat completion request this server honours; other fields are ignored. */
export const chatCompletionRequest = z.object({
  model: z.string().optional(),
  messages: z.array(message).min(1),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  response_format: responseFormat.nullish(),
  stream: z.boolean().nullish(),
  n: z.number().int().nullish(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;

/** The JSON Schema the answer must follow, from either form of `response_format`. */
export function requestedSchema(
  format: ChatCompletionRequest['response_format'],
): Record<string, unknown> | undefined {
  if (format?.type === 'json_schema') return format.json_schema.schema;
  if (format?.type === 'json_object') return format.schema;
  return undefined;
}

export function turnsOf(request: ChatCompletionRequest): ChatTurn[] {
  return request.messages.map((m) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    content: typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join(''),
  }));
}

export interface OpenAiError {
  error: { message: string; type: string; code: string | null };
}

export function errorBody(message: string, type: string, code: string | null = null): OpenAiError {
  return { error: { message, type, code } };
}

export interface ChatCompletionResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string };
    finish_reason: 'stop' | 'length';
  }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  /** Not OpenAI's: how this server constrained and timed the answer (clients ignore unknown fields). */
  andon: { grammar: string; grammar_note?: string; queue_ms: number; generation_ms: number };
}
