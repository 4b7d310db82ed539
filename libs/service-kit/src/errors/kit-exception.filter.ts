import {
  Catch,
  HttpException,
  Injectable,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import { ServiceError, type ErrorBody } from './service-error';

/** Maps anything thrown by an HTTP handler to a status and the one error body. */
export function toErrorResponse(exception: unknown): {
  status: number;
  body: ErrorBody;
  headers: Readonly<Record<string, string>>;
} {
  if (exception instanceof ServiceError)
    return {
      status: exception.status,
      body: { code: exception.code, message: exception.message },
      headers: exception.headers,
    };
  if (exception instanceof HttpException) {
    const raw = exception.getResponse();
    const message =
      typeof raw === 'string' ? raw : ((raw as { message?: unknown }).message ?? exception.message);
    const code =
      typeof raw === 'object' && raw !== null && typeof (raw as { code?: unknown }).code === 'string'
        ? (raw as { code: string }).code
        : `HTTP_${exception.getStatus()}`;
    return {
      status: exception.getStatus(),
      body: { code, message: Array.isArray(message) ? message.join('; ') : String(message) },
      headers: {},
    };
  }
  const bodyParser = exception as { type?: unknown; status?: unknown; message?: unknown };
  if (
    typeof bodyParser?.type === 'string' &&
    typeof bodyParser.status === 'number' &&
    bodyParser.status >= 400 &&
    bodyParser.status < 500
  ) {
    // body-parser errors (entity.too.large, entity.parse.failed) carry their own status.
    return {
      status: bodyParser.status,
      body: { code: bodyParser.type.toUpperCase().replace(/\./g, '_'), message: String(bodyParser.message) },
      headers: {},
    };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' }, headers: {} };
}

/**
 * The kit's exception filter: `{ code, message }` with the right status, headers such as
 * WWW-Authenticate passed on, and nothing else (no stack, no internal message) leaks.
 */
@Catch()
@Injectable()
export class KitExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('andon');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body, headers } = toErrorResponse(exception);
    if (status >= 500)
      this.log.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.status(status).json(body);
  }
}
