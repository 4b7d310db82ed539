import {
  Catch,
  HttpException,
  Inject,
  Injectable,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE } from '../approval.tokens';
import { ApprovalError } from '../domain/approval-error';

/** Every refusal leaves as `{ error, code }` with its status; nothing else leaks. */
@Catch()
@Injectable()
export class ApprovalExceptionFilter implements ExceptionFilter {
  constructor(@Inject(APPROVAL_CORE) private readonly core: ApprovalCore) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ApprovalError) {
      res.status(exception.status).json({ error: exception.message, code: exception.code });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message =
        typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      res
        .status(exception.getStatus())
        .json({ error: Array.isArray(message) ? message.join('; ') : String(message), code: 'HTTP' });
      return;
    }
    this.core.log.error({ err: exception }, 'approval request failed');
    res.status(500).json({ error: 'internal error', code: 'INTERNAL' });
  }
}
