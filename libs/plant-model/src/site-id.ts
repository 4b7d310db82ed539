declare const siteIdBrand: unique symbol;

/** A site id as every service and file names it: trimmed, lower case (`plant-a`). */
export type SiteId = string & { readonly [siteIdBrand]: true };

const SITE_ID = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * The one place a site id is normalised: `' PLANT-A '` and `plant-a` are the same site.
 * Throws on anything that cannot be a site id (empty, spaces, slashes), so a file or
 * event naming such a site fails where it is read, not somewhere downstream.
 */
export function siteId(raw: string): SiteId {
  const id = normaliseSiteId(raw);
  if (!SITE_ID.test(id)) throw new RangeError(`invalid site id "${raw}": letters, digits, - and _ only`);
  return id as SiteId;
}

/** The normalisation alone (trimmed, lower case), for lookups that must not throw. */
export function normaliseSiteId(raw: string): string {
  return raw.trim().toLowerCase();
}

/** True when `raw` is already a normalised site id. */
export function isSiteId(raw: string): raw is SiteId {
  return SITE_ID.test(raw);
}
