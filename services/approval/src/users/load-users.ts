import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InMemoryUserDirectory } from '@andon/governance/auth';

/** The shipped demo users (password "andon-demo"); dev and demo only. */
export const DEMO_USERS_FILE = join(__dirname, 'demo-users.yaml');

/** Reads a YAML (or JSON, which is YAML) list of users with scrypt hashes; errors name the record and field. */
export function loadUserDirectory(file: string = DEMO_USERS_FILE): InMemoryUserDirectory {
  let records: unknown;
  try {
    records = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read user directory ${file}: ${(err as Error).message}`);
  }
  return InMemoryUserDirectory.fromRecords(records);
}
