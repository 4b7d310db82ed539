import {
  Inject,
  Injectable,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Principal } from '@andon/governance';
import type { Request } from 'express';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE } from '../approval.tokens';

type AuthenticatedRequest = Request & { principal?: Principal };

/** Verifies the bearer token on every request; roles and sites are checked by each use case. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(@Inject(APPROVAL_CORE) private readonly core: ApprovalCore) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.core.auth.authenticate(request.headers.authorization);
    return true;
  }
}

/** The Principal JwtAuthGuard attached to the request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a route without JwtAuthGuard');
    return principal;
  },
);
