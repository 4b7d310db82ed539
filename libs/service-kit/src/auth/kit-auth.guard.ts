import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ServiceError } from '../errors/service-error';
import { ACCESS_METADATA, USER_SCHEME, type RouteAccess } from './access.decorators';
import { authenticatorToken, type Authenticator, type Caller } from './authenticator';

/** The request as the guard leaves it: the authenticated caller attached. */
export type AuthenticatedRequest = Request & { andonCaller?: Caller };

/** What a route declares: @Public, @Authenticated(scheme), or nothing (a user is required). */
export function routeAccess(reflector: Reflector, handler: object, controller: object): RouteAccess {
  return (
    reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_METADATA, [
      handler as never,
      controller as never,
    ]) ?? {
      kind: 'authenticated',
      scheme: USER_SCHEME,
    }
  );
}

/**
 * The one guard of every service, registered globally by ServiceKitModule. A route is
 * closed unless it says @Public; its scheme's authenticator is looked up among the
 * providers of the application (each service module provides its own), and a scheme that
 * no module provides refuses every request instead of letting it through.
 */
@Injectable()
export class KitAuthGuard implements CanActivate {
  private readonly cache = new Map<string, Authenticator | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = routeAccess(this.reflector, context.getHandler(), context.getClass());
    if (access.kind === 'public') return true;
    const authenticator = this.authenticatorFor(access.scheme);
    if (!authenticator) {
      throw new ServiceError(
        401,
        'AUTH_NOT_CONFIGURED',
        `no authenticator for "${access.scheme}" is configured in this service: the route is closed`,
      );
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.andonCaller = await authenticator.authenticate({
      authorization: request.headers.authorization,
      address: request.ip,
    });
    return true;
  }

  private authenticatorFor(scheme: string): Authenticator | null {
    if (!this.cache.has(scheme)) {
      let found: Authenticator | null = null;
      try {
        found = this.moduleRef.get<Authenticator>(authenticatorToken(scheme), { strict: false });
      } catch {
        found = null;
      }
      this.cache.set(scheme, found);
    }
    return this.cache.get(scheme) ?? null;
  }
}
