import { SetMetadata, applyDecorators } from '@nestjs/common';

/** Metadata key the global guard reads; a route without it is authenticated as a user. */
export const ACCESS_METADATA = 'andon:access';

/**
 * How a route is reached. `public` is the explicit, reviewed exception (health probes);
 * every other route names the scheme that authenticates its caller.
 */
export type RouteAccess = { kind: 'public'; reason: string } | { kind: 'authenticated'; scheme: string };

/** The scheme every unmarked route gets: a signed-in person (JWT from approval or the IdP). */
export const USER_SCHEME = 'user';

/**
 * Opens a route to anonymous callers. The reason is mandatory so that the route
 * inventory (and its reviewer) sees why each open route is open.
 */
export const Public = (reason: string): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_METADATA, { kind: 'public', reason } satisfies RouteAccess);

/**
 * Names the scheme that authenticates a route or controller, e.g. an integration token
 * instead of a user's JWT. Without this (and without @Public) the route needs a user.
 */
export const Authenticated = (scheme: string = USER_SCHEME): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_METADATA, { kind: 'authenticated', scheme } satisfies RouteAccess));
