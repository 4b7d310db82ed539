import pino, { type Logger } from 'pino';

/** A logger that keeps its warn-and-above lines, for asserting what a component reported. */
export function capturingLog(): { log: Logger; warnings: string[] } {
  const warnings: string[] = [];
  return { log: pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) }), warnings };
}
