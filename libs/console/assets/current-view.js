/**
 * Whether the page still shows the view at `hash` (ids unescaped, as the router reads them).
 * A view that re-renders after an action asks before it paints: its answer may arrive once
 * the user has moved on, and must not paint over the next view.
 */
export function showing(hash) {
  let current = location.hash;
  try {
    current = decodeURIComponent(current);
  } catch {
    // a malformed escape: compare as written
  }
  return current === hash;
}
