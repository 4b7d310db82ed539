import 'reflect-metadata';
import { resolve } from 'node:path';
import { UsageError } from './args';
import type { CliContext } from './cli-context';
import { COMMANDS, USAGE } from './commands';

/** The `andon` operator CLI (`npm run andon -- <group> <command>`). */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [group, ...rest] = argv;
  const command = group ? COMMANDS[group] : undefined;
  if (!command) {
    if (group && group !== 'help' && group !== '--help' && group !== '-h') {
      ctx.err(`unknown command group "${group}"`);
      ctx.err(USAGE);
      return 2;
    }
    ctx.out(USAGE);
    return 0;
  }
  try {
    return await command(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.err(err.message);
      if (err.usage) ctx.err(err.usage);
      return 2;
    }
    ctx.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

if (require.main === module) {
  const ctx: CliContext = {
    env: process.env,
    rootDir: resolve(__dirname, '../../..'),
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  };
  runCli(process.argv.slice(2), ctx).then((code) => process.exit(code));
}
