import { ALL_SITES, scopedSites, type Principal, type Role } from '@andon/governance/auth';
import { Inject, Injectable } from '@nestjs/common';
import { ServiceError, USER_SCHEME, UserAuthenticator, authenticatorToken } from '@andon/service-kit';

/** Roles that may take the whole chain away as an export (auditors and owners of the system). */
const EXPORT_ROLES: readonly Role[] = ['compliance_officer', 'plant_manager', 'admin'];

/**
 * Who may read what. Every route needs a valid bearer token (the kit's user scheme; with no
 * key configured every request is refused, never let through); entries are limited to the
 * caller's sites (site-less, enterprise-wide entries included), and an export, which holds
 * every site, needs an auditing role with all sites.
 */
@Injectable()
export class LedgerAccess {
  constructor(@Inject(authenticatorToken(USER_SCHEME)) private readonly authenticator: UserAuthenticator) {}

  /** For gRPC; HTTP routes get the principal from the kit guard. */
  async principal(authorization: string | undefined): Promise<Principal> {
    const caller = await this.authenticator.authenticate({ authorization });
    if (!caller.principal) throw new ServiceError(401, 'NOT_A_PERSON', 'the ledger answers people');
    return caller.principal;
  }

  /** The site condition for a query: undefined (any), one site, or the caller's sites. */
  siteScope(principal: Principal, requested: string | undefined): string | string[] | undefined {
    const sites = scopedSites(principal);
    if (sites.includes(ALL_SITES)) return requested;
    if (requested !== undefined) {
      if (!sites.includes(requested))
        throw new ServiceError(403, 'SITE_OUT_OF_SCOPE', `no access to site ${requested}`);
      return requested;
    }
    return [...sites, ''];
  }

  assertCanExport(principal: Principal): void {
    if (
      !scopedSites(principal).includes(ALL_SITES) ||
      !principal.roles.some((r) => EXPORT_ROLES.includes(r))
    ) {
      throw new ServiceError(
        403,
        'EXPORT_NOT_ALLOWED',
        `exporting the ledger needs all sites and one of ${EXPORT_ROLES.join(', ')}`,
      );
    }
  }
}
