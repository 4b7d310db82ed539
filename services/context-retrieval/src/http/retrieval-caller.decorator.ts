import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { scopedSites } from '@andon/governance/auth';
import type { AuthenticatedRequest } from '@andon/service-kit';
import type { CallerContext } from '../domain/access-policy';

/** The kit-authenticated person as retrieval's access policy sees them (roles and readable sites). */
export const RetrievalCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CallerContext => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().andonCaller?.principal;
    if (!principal) throw new Error('RetrievalCaller used on a route that does not authenticate people');
    return { userId: principal.userId, roles: principal.roles, sites: scopedSites(principal) };
  },
);
