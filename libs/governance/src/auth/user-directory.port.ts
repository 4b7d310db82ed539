import type { Role } from './role';

export interface DirectoryUser {
  userId: string;
  name: string;
  roles: Role[];
  sites: string[];
  /** optional line scope, see Principal.lines */
  lines?: string[];
  /** scrypt$N$r$p$salt$hash, see password-hash.ts */
  passwordHash: string;
  disabled?: boolean;
}

/** Where re-authentication looks users up: a demo file today, an LDAP/IdP bridge later. */
export interface UserDirectory {
  findUser(userId: string): Promise<DirectoryUser | null>;
}
