import type { IngestProgress } from './document-ingestion.service';

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ProgressBarOptions {
  label?: string;
  width?: number;
  /** Non-TTY output (logs, CI) gets a line every `step` percent instead of redraws. */
  step?: number;
}

/**
 * A progress callback for DocumentIngestion.ingestAll that draws
 * `indexing knowledge [########------------] 12/30 SOP-A-014@C`. On a terminal it
 * redraws one line; elsewhere it prints a line every `step` percent and at the end.
 */
export function createProgressBar(
  stream: ProgressStream = process.stderr,
  options: ProgressBarOptions = {},
): (p: IngestProgress) => void {
  const label = options.label ?? 'indexing knowledge';
  const width = options.width ?? 24;
  const step = options.step ?? 10;
  let lastPrinted = -1;
  return (p) => {
    const ratio = p.total === 0 ? 1 : p.done / p.total;
    const filled = Math.round(ratio * width);
    const failed = p.last.outcome === 'failed' || p.last.outcome === 'rejected' ? ` (${p.last.outcome})` : '';
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} ${p.last.documentId}@${p.last.revision}${failed}`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line}${p.done === p.total ? '\n' : ''}`);
      return;
    }
    const percent = Math.floor((ratio * 100) / step) * step;
    if (percent > lastPrinted || p.done === p.total || failed) {
      lastPrinted = percent;
      stream.write(`${line}\n`);
    }
  };
}
