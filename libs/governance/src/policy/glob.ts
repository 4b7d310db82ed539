/** `*` matches any run of characters (dots included), `?` exactly one. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** Characters a pattern pins down; more literal characters = narrower pattern. */
export function literalLength(pattern: string): number {
  return pattern.replace(/[*?]/g, '').length;
}
