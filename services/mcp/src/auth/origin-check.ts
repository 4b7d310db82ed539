/**
 * DNS-rebinding defence (MCP transport spec): a browser page on another origin that
 * resolves a name to this server must not be able to drive it. Requests that carry an
 * Origin header are accepted only from the server's own origin or a configured one;
 * requests without one (desktop clients, server-side agents) are not browser requests.
 */
export function originAllowed(
  origin: string | undefined,
  allowed: readonly string[],
  resource: string,
): boolean {
  if (origin === undefined || origin === '') return true;
  if (origin === 'null') return false;
  const normalised = origin.replace(/\/$/, '').toLowerCase();
  const own = new URL(resource).origin.toLowerCase();
  return normalised === own || allowed.some((a) => a.toLowerCase() === normalised);
}
