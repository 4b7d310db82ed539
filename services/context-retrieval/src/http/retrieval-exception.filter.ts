import { Catch, HttpException, Inject, Injectable, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { ContextRetrievalCore } from '../context-retrieval-core';
import { CONTEXT_RETRIEVAL_CORE } from '../context-retrieval.tokens';
import { RetrievalHttpError } from './retrieval-http-error';

/** Every refusal leaves as `{ error, code }` with its status; nothing else leaks. */
@Catch()
@Injectable()
export class RetrievalExceptionFilter implements ExceptionFilter {
  constructor(@Inject(CONTEXT_RETRIEVAL_CORE) private readonly core: ContextRetrievalCore) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof RetrievalHttpError) {
      res.status(exception.status).json({ error: exception.message, code: exception.code });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      res.status(exception.getStatus()).json({ error: Array.isArray(message) ? message.join('; ') : String(message), code: 'HTTP' });
      return;
    }
    this.core.log.error({ err: exception }, 'retrieval request failed');
    res.status(500).json({ error: 'internal error', code: 'INTERNAL' });
  }
}
