import { HttpException } from '@nestjs/common';
import { ALL_SITES, scopedSites, type JwtVerifier, type Principal, type Role } from '@andon/governance';

/** Roles that may take the whole chain away as an export (auditors and owners of the system). */
const EXPORT_ROLES: readonly Role[] = ['compliance_officer', 'plant_manager', 'admin'];

/**
 * Who may read what. With a verifier configured, every route needs a valid bearer token;
 * entries are limited to the caller's sites (site-less, enterprise-wide entries included),
 * and an export, which holds every site, needs an auditing role with all sites. Without a
 * verifier (embedded demo, tests) the ledger is open; the deployment's NetworkPolicy is
 * then the only fence.
 */
export class LedgerAccess {
  constructor(private readonly verifier: JwtVerifier | null) {}

  async principal(authorization: string | undefined): Promise<Principal | null> {
    if (!this.verifier) return null;
    const result = await this.verifier.verifyBearer(authorization);
    if (!result.ok) throw new HttpException({ error: result.message, code: result.code }, result.status);
    return result.principal;
  }

  /** The site condition for a query: undefined (any), one site, or the caller's sites. */
  siteScope(principal: Principal | null, requested: string | undefined): string | string[] | undefined {
    if (!principal) return requested;
    const sites = scopedSites(principal);
    if (sites.includes(ALL_SITES)) return requested;
    if (requested !== undefined) {
      if (!sites.includes(requested)) throw new HttpException({ error: `no access to site ${requested}` }, 403);
      return requested;
    }
    return [...sites, ''];
  }

  assertCanExport(principal: Principal | null): void {
    if (!principal) return;
    if (!scopedSites(principal).includes(ALL_SITES) || !principal.roles.some((r) => EXPORT_ROLES.includes(r))) {
      throw new HttpException({ error: `exporting the ledger needs all sites and one of ${EXPORT_ROLES.join(', ')}` }, 403);
    }
  }
}
