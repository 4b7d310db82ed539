import { parseArgs } from 'node:util';

/**
 * Arguments of a bench script (`npm run bench:x -- <positional...>`), with the same parser as
 * the `andon` CLI (node:util parseArgs, strict): at most `names.length` positionals, each a
 * positive whole number unless listed in `text`; an unknown flag or a bad value exits 2
 * with the usage line.
 */
export function benchArgs<const N extends readonly string[]>(
  usage: string,
  names: N,
  defaults: Partial<Record<N[number], string>>,
  text: readonly N[number][] = [],
  argv: readonly string[] = process.argv.slice(2),
): Record<N[number], string | undefined> & { numbers: Record<N[number], number> } {
  const fail = (why: string): never => {
    process.stderr.write(`${why}\n${usage}\n`);
    process.exit(2);
  };
  let positionals: string[] = [];
  try {
    positionals = parseArgs({
      args: [...argv],
      options: {},
      allowPositionals: true,
      strict: true,
    }).positionals;
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (positionals.length > names.length) fail(`unexpected argument "${positionals[names.length] ?? ''}"`);
  const values = {} as Record<N[number], string | undefined>;
  const numbers = {} as Record<N[number], number>;
  names.forEach((name: N[number], i) => {
    const value = positionals[i] ?? defaults[name];
    values[name] = value;
    if (value === undefined || text.includes(name)) return;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) fail(`${name} must be a positive whole number, got "${value}"`);
    numbers[name] = n;
  });
  return { ...values, numbers };
}
