import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The part of Jest's GlobalConfig the harness reads (kept structural: no @jest/types import). */
export interface JestGlobalConfigLike {
  testPathPatterns?: { patterns?: readonly string[] };
  listTests?: boolean;
}

function integrationSpecs(dir: string, found: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) integrationSpecs(path, found);
    else if (entry.name.endsWith('.int-spec.ts')) found.push(path);
  }
  return found;
}

/**
 * Why start servers for `npx jest libs/config`? When the run is narrowed by path
 * patterns and none of them matches an *.int-spec.ts file, no test can need a server
 * (Jest matches the patterns case-insensitively against absolute paths, as here).
 */
export function needsNoServers(repoRoot: string, config: JestGlobalConfigLike | undefined): boolean {
  if (config?.listTests) return true;
  const patterns = config?.testPathPatterns?.patterns ?? [];
  if (patterns.length === 0) return false;
  const specs = ['libs', 'services', 'tools', 'test'].flatMap((root) =>
    integrationSpecs(join(repoRoot, root)),
  );
  return !specs.some((spec) => patterns.some((pattern) => safeRegExp(pattern)?.test(spec) ?? true));
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return undefined;
  }
}
