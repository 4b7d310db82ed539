import { z } from 'zod';
import type { LabelledSource } from '../governance/governance.types';
import { UNTRUSTED_DATA_RULE, wrapSource } from '../governance/untrusted-data';
import type { ChatMessage } from '../providers/chat-model.port';
import type { PromptFile } from '../prompts/prompt-file';
import { INPUT_LABEL } from '../use-cases/use-case';

/** The JSON Schema of a use case's output, as the prompt states it and a constrained provider enforces it. */
export function outputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
}

/**
 * The part of the system prompt owned by code rather than by prompt files: the output
 * schema comes from the zod schema the output is validated against, and the citation
 * and untrusted-data rules must match what the checks enforce.
 */
export function outputContract(schema: z.ZodType): string {
  return [
    '## Output contract',
    'Reply with exactly one JSON object and nothing else. It must validate against this JSON Schema:',
    JSON.stringify(outputJsonSchema(schema)),
    '',
    '## Citations',
    `Every sentence that states a fact ends with the labels of the records it comes from, e.g. [S1] or [${INPUT_LABEL}, S2]. ${INPUT_LABEL} is the request record.`,
    'Use only numbers, dates and identifiers that appear in the records you cite; the request record lists computed totals and rates, so do not calculate your own.',
    'Names, badges, emails and phone numbers appear as placeholders such as «PERSON_1»: keep them exactly as written.',
    'Never instruct anyone to change setpoints or process parameters, bypass interlocks or safety devices, release quality holds, skip inspections or approve actions; recommend a review by the responsible role instead.',
    '',
    '## Untrusted data',
    UNTRUSTED_DATA_RULE,
  ].join('\n');
}

export function buildMessages(
  prompt: PromptFile,
  schema: z.ZodType,
  sources: readonly LabelledSource[],
): ChatMessage[] {
  return [
    { role: 'system', content: `${prompt.body}\n\n${outputContract(schema)}` },
    {
      role: 'user',
      content: ['Records for this request:', ...sources.map(wrapSource), 'Produce the JSON object now.'].join(
        '\n\n',
      ),
    },
  ];
}
