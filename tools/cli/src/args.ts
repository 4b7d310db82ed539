import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how a command was called: main prints the message and the usage and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

// Not `instanceof TypeError`: the error may come from another realm (e.g. a test sandbox).
function isParseArgsError(e: unknown): e is Error {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/**
 * Every `andon` command parses its arguments here, with Node's own `util.parseArgs`
 * (strict: an unknown flag or a missing value is a usage error, never ignored).
 * `--help`/`-h` is accepted by every command.
 */
export function parseCommandArgs<const T extends OptionSpec>(
  args: readonly string[],
  options: T,
  usage: string,
) {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } } as T & {
        help: { type: 'boolean'; short: 'h' };
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    if (isParseArgsError(e)) throw new UsageError(e.message, usage);
    throw e;
  }
}

/** A positive whole number from a flag's text, or the fallback when the flag was not given. */
export function positiveInt(flag: string, text: string | undefined, fallback: number, usage?: string): number;
export function positiveInt(
  flag: string,
  text: string | undefined,
  fallback?: undefined,
  usage?: string,
): number | undefined;
export function positiveInt(
  flag: string,
  text: string | undefined,
  fallback?: number,
  usage?: string,
): number | undefined {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} must be a positive whole number, got "${text}"`, usage);
  return n;
}

const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A point in time from a flag: an ISO 8601 time (`2026-12-06T18:00:00Z`, `2026-12-06`) or an
 * age back from now (`15m`, `2h`, `7d`, `30s`). Returns an ISO string.
 */
export function parseInstant(flag: string, text: string, now: Date, usage?: string): string {
  const age = DURATION.exec(text);
  if (age)
    return new Date(now.getTime() - Number(age[1]) * UNIT_MS[age[2] as keyof typeof UNIT_MS]).toISOString();
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new UsageError(`--${flag} must be an ISO time or an age like 15m, 2h, 7d; got "${text}"`, usage);
  return new Date(at).toISOString();
}
