/** A half-open time window [fromMs, toMs) in epoch milliseconds. */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

export const MINUTE_MS = 60_000;

/**
 * The part of a window that has happened by `nowMs`: a running shift is measured up to
 * now, never into the future. `nowMs` defaults to the window's end (a finished window).
 */
export function elapsedWindow(window: TimeWindow, nowMs: number = window.toMs): TimeWindow {
  const toMs = Math.max(window.fromMs, Math.min(window.toMs, nowMs));
  return { fromMs: window.fromMs, toMs };
}

export function windowMinutes(window: TimeWindow): number {
  return Math.max(0, window.toMs - window.fromMs) / MINUTE_MS;
}
