import { createHash } from 'node:crypto';

/**
 * A stable id derived from the triggering event and what is proposed about it, so a
 * redelivered event can never propose the same thing under a second id. The result
 * fits the approval service's id rule (1-128 of [A-Za-z0-9._:-]).
 */
export function derivedId(prefix: string, ...parts: readonly string[]): string {
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(prefix)) throw new Error(`derivedId: bad prefix "${prefix}"`);
  if (parts.length === 0 || parts.some((p) => p === ''))
    throw new Error('derivedId: every part must be non-empty');
  // The unit separator cannot occur in ids, so ("a","bc") and ("ab","c") differ.
  const digest = createHash('sha256').update(parts.join('\u001f')).digest('hex');
  return `${prefix}-${digest.slice(0, 40)}`;
}
