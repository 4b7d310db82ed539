import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import type { Caller } from './authenticator';
import type { AuthenticatedRequest } from './kit-auth.guard';

function callerOf(context: ExecutionContext): Caller {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().andonCaller;
  if (!caller)
    throw new Error(
      'no authenticated caller on this request: the route is @Public or the kit guard is not installed',
    );
  return caller;
}

/** The caller the kit guard authenticated. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller =>
  callerOf(context),
);

/** The signed-in person; only on routes of the `user` scheme. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = callerOf(context).principal;
    if (!principal)
      throw new Error('CurrentPrincipal used on a route whose scheme does not authenticate people');
    return principal;
  },
);
