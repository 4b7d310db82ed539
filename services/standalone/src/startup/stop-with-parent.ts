import type { Logger } from '@andon/observability';

/**
 * Stops the process when whoever started it goes away. `npm start` runs node under
 * `sh -c`; a SIGTERM to npm ends npm and the shell but not node, which would keep
 * serving the port as an orphan. Its parent then changes (to init), which is the signal.
 */
export function stopWithParent(close: () => Promise<void>, log: Logger, intervalMs = 500): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    log.warn({ parent }, 'the process that started Andon exited; shutting down');
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
