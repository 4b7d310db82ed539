import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ServiceError } from '../errors/service-error';

/** One line per issue, `path: message` (`(body)` when the whole input is wrong). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

/**
 * Validates a body, query or param against a zod schema at the edge and hands the handler
 * the parsed value; anything else is refused with the one error body, 400 `{ code, message }`.
 * `@Body(new ZodValidationPipe(askSchema)) body: Ask`.
 */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: z.ZodType<T>,
    /** The error code callers see (services keep the one they documented). */
    private readonly code = 'INVALID_REQUEST',
  ) {}

  transform(value: unknown): T {
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) throw new ServiceError(400, this.code, describeIssues(parsed.error));
    return parsed.data;
  }
}
