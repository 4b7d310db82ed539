import { z } from 'zod';
import { canonicalize } from '../canonical/canonical-json';
import { verifyChain, type ChainAnchor, type ChainRecord, type ChainVerification } from './verify-chain';

const lineSchema = z.object({
  chain: z.string(),
  seq: z.number().int(),
  kind: z.string(),
  subjectId: z.string(),
  site: z.string(),
  correlationId: z.string(),
  at: z.string(),
  payload: z.unknown(),
  payloadHash: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

/**
 * Verifies an exported JSON-lines file offline. Accepts any iterable of text chunks
 * (a file read stream works) and splits them into lines itself.
 */
export async function verifyExport(
  chain: string,
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
  anchor?: ChainAnchor,
): Promise<ChainVerification> {
  return verifyChain(chain, records(chunks), anchor);
}

async function* records(
  chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
): AsyncGenerator<ChainRecord> {
  let buffered = '';
  let lineNo = 0;
  const parse = (line: string): ChainRecord => {
    lineNo++;
    const parsed = lineSchema.safeParse(JSON.parse(line));
    if (!parsed.success)
      throw new Error(
        `export line ${lineNo} is not a ledger entry: ${parsed.error.issues[0]?.message ?? ''}`,
      );
    const { payload, ...rest } = parsed.data;
    return { ...rest, payloadJson: canonicalize(payload) };
  };
  for await (const chunk of chunks) {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') yield parse(line);
  }
  if (buffered.trim() !== '') yield parse(buffered);
}
