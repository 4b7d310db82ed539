import { z } from 'zod';
import { formatIssuePath } from '../model/issue-path';
import { LINE_SCOPE, lineScopeProblems } from './principal';
import { roleSchema } from './role';
import type { DirectoryUser, UserDirectory } from './user-directory.port';

const recordSchema = z
  .object({
    userId: z.string().min(1),
    name: z.string().min(1),
    roles: z.array(roleSchema).min(1),
    sites: z.array(z.string().min(1)).min(1),
    lines: z.array(z.string().regex(LINE_SCOPE, { error: 'a line scope looks like "<site>/<line>" or "<site>/*"' })).min(1).optional(),
    passwordHash: z.string().startsWith('scrypt$'),
    disabled: z.boolean().optional(),
  })
  .superRefine((u, ctx) => {
    for (const problem of lineScopeProblems(u.sites, u.lines)) ctx.addIssue({ code: 'custom', path: ['lines'], message: problem });
  });

/** A directory held in memory, e.g. demo users parsed from a YAML/JSON file. */
export class InMemoryUserDirectory implements UserDirectory {
  private readonly users: Map<string, DirectoryUser>;

  constructor(users: DirectoryUser[]) {
    this.users = new Map(users.map((u) => [u.userId, u]));
    if (this.users.size !== users.length) throw new Error('user directory has duplicate user ids');
  }

  /** Validates untrusted records (parsed file contents); errors name the record and field. */
  static fromRecords(records: unknown): InMemoryUserDirectory {
    const parsed = z.array(recordSchema).safeParse(records);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${formatIssuePath('users', i.path)}: ${i.message}`);
      throw new Error(`Invalid user directory:\n  - ${problems.join('\n  - ')}`);
    }
    return new InMemoryUserDirectory(parsed.data);
  }

  async findUser(userId: string): Promise<DirectoryUser | null> {
    return this.users.get(userId) ?? null;
  }
}
