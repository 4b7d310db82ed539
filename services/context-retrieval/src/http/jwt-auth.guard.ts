import { Inject, Injectable, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ContextRetrievalCore } from '../context-retrieval-core';
import { CONTEXT_RETRIEVAL_CORE } from '../context-retrieval.tokens';
import type { CallerContext } from '../domain/access-policy';
import { scopedSites } from '@andon/governance';
import { RetrievalHttpError } from './retrieval-http-error';

type AuthenticatedRequest = Request & { retrievalCaller?: CallerContext };

/** Verifies the bearer token (the approval service's tokens) on every request. */
@Injectable()
export class RetrievalAuthGuard implements CanActivate {
  constructor(@Inject(CONTEXT_RETRIEVAL_CORE) private readonly core: ContextRetrievalCore) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!this.core.verifier) throw new RetrievalHttpError(401, 'AUTH_NOT_CONFIGURED', 'no JWT key is configured (JWT_HS256_SECRET or JWKS_URL)');
    const auth = await this.core.verifier.verifyBearer(request.headers.authorization);
    if (!auth.ok) throw new RetrievalHttpError(auth.status, auth.code, auth.message);
    request.retrievalCaller = { userId: auth.principal.userId, roles: auth.principal.roles, sites: scopedSites(auth.principal) };
    return true;
  }
}

/** The caller RetrievalAuthGuard attached to the request. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): CallerContext => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().retrievalCaller;
  if (!caller) throw new Error('CurrentCaller used on a route without RetrievalAuthGuard');
  return caller;
});
