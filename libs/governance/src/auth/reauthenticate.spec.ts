import { InMemoryUserDirectory } from './in-memory-user-directory.adapter';
import { hashPassword, verifyPassword } from './password-hash';
import { reauthenticate } from './reauthenticate';

// Low scrypt cost keeps the suite fast; verification reads the cost from the hash.
const CHEAP = { N: 1024, r: 8, p: 1 };
const AT = new Date('2025-06-02T10:04:30.000Z');

async function directory(): Promise<InMemoryUserDirectory> {
  return InMemoryUserDirectory.fromRecords([
    {
      userId: 'u-qe-1',
      name: 'Dana Quality',
      roles: ['quality_engineer'],
      sites: ['plant-b'],
      passwordHash: await hashPassword('correct horse', CHEAP),
    },
    {
      userId: 'u-gone',
      name: 'Former Employee',
      roles: ['operator'],
      sites: ['plant-a'],
      passwordHash: await hashPassword('old', CHEAP),
      disabled: true,
    },
  ]);
}

describe('password hashing', () => {
  it('verifies the right password, refuses the wrong one, and salts every hash', async () => {
    const a = await hashPassword('s3cret', CHEAP);
    const b = await hashPassword('s3cret', CHEAP);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('s3cret', a)).toBe(true);
    expect(await verifyPassword('s3cret ', a)).toBe(false);
  });

  it('refuses a hash in another format', async () => {
    await expect(verifyPassword('x', '$2b$10$abc')).rejects.toThrow(/scrypt/);
  });
});

describe('reauthenticate (Part 11 §11.200 two-component signing)', () => {
  it('returns a proof stamped with the re-authentication time', async () => {
    const result = await reauthenticate('u-qe-1', 'correct horse', await directory(), () => AT);
    expect(result).toEqual({
      ok: true,
      proof: {
        userId: 'u-qe-1',
        method: 'password',
        components: ['user_id', 'password'],
        authenticatedAt: '2025-06-02T10:04:30.000Z',
      },
    });
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const dir = await directory();
    const wrong = await reauthenticate('u-qe-1', 'battery staple', dir, () => AT);
    const unknown = await reauthenticate('u-nobody', 'correct horse', dir, () => AT);
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, code: 'INVALID_CREDENTIALS' });
  });

  it('refuses a disabled account even with the right password', async () => {
    expect(await reauthenticate('u-gone', 'old', await directory(), () => AT)).toMatchObject({
      ok: false,
      code: 'ACCOUNT_DISABLED',
    });
  });

  it('names the bad record and field when loading a directory', () => {
    expect(() =>
      InMemoryUserDirectory.fromRecords([
        { userId: 'u-1', name: 'x', roles: ['wizard'], sites: ['plant-a'], passwordHash: 'scrypt$x' },
      ]),
    ).toThrow(/users\[0\]\.roles\[0\]/);
    const user = {
      userId: 'u-1',
      name: 'x',
      roles: ['production_supervisor'],
      sites: ['plant-a'],
      passwordHash: 'scrypt$x',
    };
    expect(() => InMemoryUserDirectory.fromRecords([{ ...user, lines: ['plant-b/line-3'] }])).toThrow(
      /users\[0\]\.lines: line scope "plant-b\/line-3" names a site outside the sites/,
    );
    expect(() => InMemoryUserDirectory.fromRecords([{ ...user, lines: ['line-1'] }])).toThrow(
      /users\[0\]\.lines\[0\]: a line scope looks like/,
    );
    expect(InMemoryUserDirectory.fromRecords([{ ...user, lines: ['plant-a/line-1'] }])).toBeInstanceOf(
      InMemoryUserDirectory,
    );
  });
});
