import { esc } from '../api.js';

/**
 * The warning every output built from flagged input carries (a proposal, a shift handoff,
 * a recommendation, an answer): some text behind it was flagged as an injection or a
 * forbidden instruction, was withheld, and is never a step. `g` is the output's
 * generation info (inputFlagged, injectionKinds); nothing is shown when it is clean.
 */
export function flaggedInputBanner(g, what, id = '') {
  if (!g?.inputFlagged) return '';
  const kinds = esc((g.injectionKinds ?? []).join(', ') || 'suspicious');
  return `<p class="banner warn input-flagged"${id ? ` id="${esc(id)}"` : ''} role="alert">Flagged input: some text behind this ${esc(what)} was flagged as ${kinds}. It is withheld, never a step; read the originals in the source system.</p>`;
}

/** A small marker for lists (the approval queue): the full banner is on the output's own page. */
export function flaggedInputBadge(g) {
  return g?.inputFlagged
    ? ' <span class="badge warn input-flagged-badge" title="Some input behind this output was flagged as an injection or a forbidden instruction">flagged input</span>'
    : '';
}
