import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { SignedCheckpoint } from '@andon/governance/ledger';

const checkpointSchema = z.strictObject({
  chain: z.string(),
  seq: z.number().int().positive(),
  hash: z.string(),
  at: z.string(),
  keyId: z.string(),
  statement: z.string(),
  signature: z.string(),
});

export type WitnessRead = { file: string; checkpoint: SignedCheckpoint } | { file: string; error: string };

/**
 * The external witness of the ledger: one file per checkpoint, `<chain>-<seq>.checkpoint.json`,
 * created exclusively (never overwritten) and made read-only. Meant to be a separately
 * mounted volume or a folder an object-store sync (with object lock) ships elsewhere; the
 * database credential does not reach it.
 */
export class WitnessDirectory {
  constructor(readonly dir: string) {}

  fileOf(chain: string, seq: number): string {
    return join(this.dir, `${chain}-${String(seq).padStart(12, '0')}.checkpoint.json`);
  }

  /** 'exists' when a checkpoint of this seq is already there (another replica made it). */
  async write(checkpoint: SignedCheckpoint): Promise<'written' | 'exists'> {
    await mkdir(this.dir, { recursive: true });
    let handle;
    try {
      handle = await open(this.fileOf(checkpoint.chain, checkpoint.seq), 'wx', 0o444);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw err;
    }
    try {
      await handle.writeFile(`${JSON.stringify(checkpoint, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return 'written';
  }

  /** Checkpoint seqs of `chain` present in the directory, newest first. */
  async seqs(chain: string): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const pattern = new RegExp(`^${chain}-(\\d{12})\\.checkpoint\\.json$`);
    return names
      .map((name) => pattern.exec(name)?.[1])
      .filter((seq): seq is string => seq !== undefined)
      .map(Number)
      .sort((a, b) => b - a);
  }

  async read(chain: string, seq: number): Promise<WitnessRead> {
    const file = this.fileOf(chain, seq);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      return { file, error: `unreadable checkpoint file: ${(err as Error).message}` };
    }
    const checkpoint = checkpointSchema.safeParse(parsed);
    if (!checkpoint.success)
      return {
        file,
        error: `not a checkpoint: ${checkpoint.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      };
    if (checkpoint.data.chain !== chain || checkpoint.data.seq !== seq)
      return {
        file,
        error: `file holds the checkpoint of ${checkpoint.data.chain} seq ${checkpoint.data.seq}`,
      };
    return { file, checkpoint: checkpoint.data };
  }

  async latest(chain: string): Promise<WitnessRead | null> {
    const [seq] = await this.seqs(chain);
    return seq === undefined ? null : this.read(chain, seq);
  }
}
