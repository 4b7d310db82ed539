import { z } from 'zod';
import { formatIssuePath } from '../model/issue-path';
import { principalFields, refineLineScope } from './principal';
import type { DirectoryUser, UserDirectory } from './user-directory.port';

const recordSchema = principalFields
  .extend({
    passwordHash: z.string().startsWith('scrypt$'),
    disabled: z.boolean().optional(),
  })
  .superRefine(refineLineScope);

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
