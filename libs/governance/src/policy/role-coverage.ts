import type { Role } from '../auth/role';

/**
 * Size of a maximum matching between roles that must each be covered and signers who
 * hold them, each signer covering at most one role (Kuhn's augmenting paths; both
 * sides are a handful of elements). A signer holding two required roles still only
 * covers one: the point of naming roles is that different people hold them.
 */
export function maxCoverage(
  coverRoles: readonly Role[],
  signerRoles: ReadonlyArray<readonly Role[]>,
): number {
  const signerOf = new Map<number, number>(); // signer index -> role index
  const tryAssign = (roleIndex: number, visited: Set<number>): boolean => {
    const role = coverRoles[roleIndex];
    for (const [signer, roles] of signerRoles.entries()) {
      if (role === undefined || visited.has(signer) || !roles.includes(role)) continue;
      visited.add(signer);
      const current = signerOf.get(signer);
      if (current === undefined || tryAssign(current, visited)) {
        signerOf.set(signer, roleIndex);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let r = 0; r < coverRoles.length; r++) if (tryAssign(r, new Set())) matched++;
  return matched;
}

export interface CoverageGap {
  /** how many more signers with a covering role are needed */
  deficit: number;
  /** roles a next signer could hold to close part of the gap */
  helpfulRoles: Role[];
}

export function coverageGap(
  coverRoles: readonly Role[],
  signerRoles: ReadonlyArray<readonly Role[]>,
): CoverageGap {
  const matched = maxCoverage(coverRoles, signerRoles);
  const deficit = coverRoles.length - matched;
  if (deficit === 0) return { deficit, helpfulRoles: [] };
  const helpfulRoles = coverRoles.filter(
    (role) => maxCoverage(coverRoles, [...signerRoles, [role]]) > matched,
  );
  return { deficit, helpfulRoles };
}
