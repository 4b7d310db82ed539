import type { Provider } from '@nestjs/common';
import { USER_SCHEME } from './access.decorators';
import { authenticatorToken, type Authenticator } from './authenticator';
import { userAuthenticatorFrom, type UserAuthConfig } from './user-authenticator';

/** Provides the `user` scheme (people's bearer tokens) for a service module from its config. */
export function userAuthProvider(config: UserAuthConfig): Provider {
  return { provide: authenticatorToken(USER_SCHEME), useValue: userAuthenticatorFrom(config) };
}

/** Provides another scheme's authenticator (integration tokens, the MES's clients). */
export function schemeProvider(scheme: string, authenticator: Authenticator): Provider {
  return { provide: authenticatorToken(scheme), useValue: authenticator };
}
