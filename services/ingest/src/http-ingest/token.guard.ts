import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { IngestRuntime } from '../ingest-runtime';
import { authenticate } from './bearer-auth';

/** The authenticated caller's token fingerprint, for logs. */
export function callerOf(req: Request): string {
  return (req as Request & { ingestCaller?: string }).ingestCaller ?? 'unknown';
}

function guard(req: Request, tokens: readonly string[], realm: string): true {
  const caller = authenticate(req.headers.authorization, tokens);
  if (caller === undefined) {
    throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: `a bearer token for ${realm} is required` });
  }
  (req as Request & { ingestCaller?: string }).ingestCaller = caller;
  return true;
}

/** Integration systems posting events: INGEST_HTTP_TOKENS. */
@Injectable()
export class IngestTokenGuard implements CanActivate {
  constructor(@Inject(IngestRuntime) private readonly runtime: IngestRuntime) {}
  canActivate(context: ExecutionContext): boolean {
    return guard(context.switchToHttp().getRequest<Request>(), this.runtime.deps.config.INGEST_HTTP_TOKENS, 'ingest');
  }
}

/** Operators (replay, unmapped codes, code-map reload): INGEST_ADMIN_TOKENS. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(IngestRuntime) private readonly runtime: IngestRuntime) {}
  canActivate(context: ExecutionContext): boolean {
    return guard(context.switchToHttp().getRequest<Request>(), this.runtime.deps.config.INGEST_ADMIN_TOKENS, 'ingest administration');
  }
}
