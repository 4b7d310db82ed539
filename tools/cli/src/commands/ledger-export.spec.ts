import { entriesBetween } from './ledger.command';

async function* lines(...items: string[]): AsyncGenerator<string> {
  yield* items;
}

async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('andon ledger export --from/--to', () => {
  const entry = (seq: number, at: string) =>
    JSON.stringify({ seq, at, hash: `h${seq}`, prevHash: `h${seq - 1}` });
  const chain = [
    entry(1, '2026-12-01T10:00:00.000Z'),
    entry(2, '2026-12-02T10:00:00.000Z'),
    entry(3, '2026-12-03T10:00:00.000Z'),
    '',
  ];

  it('keeps the entries at or after --from and before --to, newline-terminated', async () => {
    expect(
      await collect(entriesBetween(lines(...chain), '2026-12-02T10:00:00.000Z', '2026-12-03T10:00:00.000Z')),
    ).toEqual([`${chain[1]}\n`]);
    expect(await collect(entriesBetween(lines(...chain), '2026-12-02T00:00:00.000Z', undefined))).toEqual([
      `${chain[1]}\n`,
      `${chain[2]}\n`,
    ]);
    expect(await collect(entriesBetween(lines(...chain), undefined, '2026-12-01T10:00:00.001Z'))).toEqual([
      `${chain[0]}\n`,
    ]);
  });

  it('refuses a line that is not a ledger entry', async () => {
    await expect(collect(entriesBetween(lines('{"seq":1}'), undefined, undefined))).rejects.toThrow(
      /without an "at" time/,
    );
  });
});
