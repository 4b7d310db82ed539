import type { DestinationStream } from 'pino';

/** How a process writes its log: JSON lines for collectors (containers), one readable line per event in a terminal. */
export type LogFormat = 'json' | 'pretty';

const LEVELS: Readonly<Record<number, { name: string; colour: string }>> = {
  10: { name: 'TRACE', colour: '90' },
  20: { name: 'DEBUG', colour: '90' },
  30: { name: 'INFO ', colour: '36' },
  40: { name: 'WARN ', colour: '33' },
  50: { name: 'ERROR', colour: '31' },
  60: { name: 'FATAL', colour: '41;97' },
};
/** Fields every line has, or that the line shows in its own place. */
const SHOWN = new Set(['level', 'time', 'msg', 'name', 'service', 'component', 'pid', 'hostname', 'err']);

/** `auto`: pretty when the stream is a terminal, JSON otherwise (a container's log collector). */
export function resolveLogFormat(requested: string | undefined, isTty: boolean): LogFormat {
  if (requested === 'json' || requested === 'pretty') return requested;
  return isTty ? 'pretty' : 'json';
}

function value(v: unknown): string {
  if (typeof v === 'string') return /\s/.test(v) ? JSON.stringify(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return JSON.stringify(v);
}

/**
 * One pino JSON record as one line: `18:02:11 WARN  ingest  dead letter: missing_site  reason=missing_site source=…`.
 * Errors add their message (the stack stays in JSON mode); nothing is dropped but the
 * fields already shown.
 */
export function formatPrettyLine(json: string, colour: boolean): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = LEVELS[Number(rec['level'])] ?? { name: String(rec['level']).padEnd(5), colour: '0' };
  const time =
    typeof rec['time'] === 'string' ? new Date(rec['time']) : new Date(Number(rec['time'] ?? Date.now()));
  const clock = Number.isNaN(time.getTime()) ? '--:--:--' : time.toTimeString().slice(0, 8);
  const who =
    [
      ...new Set(
        [rec['service'], rec['component']].filter(
          (x): x is string => typeof x === 'string' && x !== '' && x !== rec['name'],
        ),
      ),
    ].join('/') || String(rec['name'] ?? '');
  const err = rec['err'] as { message?: unknown } | undefined;
  const fields = Object.entries(rec)
    .filter(([k, v]) => !SHOWN.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ');
  const paint = (code: string, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const message = `${String(rec['msg'] ?? '')}${err?.message ? `: ${String(err.message)}` : ''}`;
  return `${paint('90', clock)} ${paint(level.colour, level.name)} ${paint('35', who.padEnd(18))} ${message}${fields ? `  ${paint('90', fields)}` : ''}\n`;
}

/** A pino destination writing pretty lines to a stream (stdout by default). */
export function prettyDestination(
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): DestinationStream {
  const colour = Boolean(out.isTTY) && !process.env['NO_COLOR'];
  return { write: (line: string) => void out.write(formatPrettyLine(line, colour)) };
}
