/**
 * A principal's line scope (JWT claim `lines`: "<site>/<line>" or "<site>/*") in terms a
 * plant query can apply: the sites it may read at all, and per site either every line
 * or a list of line ids. The request's own `lines` (an operator's own line) can only
 * narrow it further.
 */
export interface PrincipalLineScope<S extends string = string> {
  /** The principal's sites, narrowed to those its line scope names. */
  sites: S[];
  /** undefined: no line scope; else per site '*' (every line) or the line ids. */
  bySite: ReadonlyMap<string, '*' | readonly string[]> | undefined;
}

export type LinesDecision =
  { ok: true; lines: string[] | undefined } | { ok: false; code: 'line-out-of-scope'; message: string };

export function principalLineScope<S extends string>(
  sites: readonly S[],
  lines: readonly string[] | undefined,
): PrincipalLineScope<S> {
  if (lines === undefined) return { sites: [...sites], bySite: undefined };
  const bySite = new Map<string, '*' | string[]>();
  for (const entry of lines) {
    const [site = '', line = ''] = entry.split('/');
    const current = bySite.get(site);
    if (line === '*' || current === '*') bySite.set(site, '*');
    else bySite.set(site, [...(current ?? []), line]);
  }
  return { sites: sites.filter((s) => bySite.has(s)), bySite };
}

/**
 * The lines a query may read, given the principal's scope, the sites the query names
 * (undefined = all the scope's sites) and the lines the request asked to be limited to.
 * A line filter cannot say which site a line id belongs to, so a query over several
 * sites whose line scopes differ is refused with a request to name one site.
 */
export function linesFor(
  scope: PrincipalLineScope,
  querySites: readonly string[] | undefined,
  requested: readonly string[] | undefined,
): LinesDecision {
  const bySite = scope.bySite;
  if (bySite === undefined) return { ok: true, lines: requested ? [...requested] : undefined };
  const sites = querySites ? scope.sites.filter((s) => querySites.includes(s)) : scope.sites;
  const restricted = sites.map((s) => bySite.get(s) ?? []).filter((l): l is readonly string[] => l !== '*');
  let allowed: readonly string[] | undefined;
  if (restricted.length === 0) allowed = undefined;
  else if (sites.length === 1) allowed = restricted[0];
  else {
    const described = sites.map((s) => `${s}: ${describe(bySite.get(s))}`).join('; ');
    return {
      ok: false,
      code: 'line-out-of-scope',
      message: `your line scope differs by site (${described}); ask about one site`,
    };
  }
  if (!requested) return { ok: true, lines: allowed ? [...allowed] : undefined };
  if (!allowed) return { ok: true, lines: [...requested] };
  const outside = requested.filter((l) => !allowed.includes(l));
  if (outside.length > 0)
    return {
      ok: false,
      code: 'line-out-of-scope',
      message: `you are limited to ${allowed.join(', ')}; not ${outside.join(', ')}`,
    };
  return { ok: true, lines: [...requested] };
}

function describe(lines: '*' | readonly string[] | undefined): string {
  if (lines === '*') return 'every line';
  return lines && lines.length ? lines.join(', ') : 'no line';
}
