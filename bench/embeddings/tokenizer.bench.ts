/**
 * Tokenizer: the hand-written WordPiece tokenizer (libs/embeddings, what the MiniLM
 * embedder uses) against @huggingface/tokenizers (pure JS, maintained by Hugging Face) on
 * the same tokenizer.json, in the same run. Corpus: every paragraph of the retrieval
 * corpus (bench/retrieval/corpus/docs) and of knowledge/, plus edge cases (accents, CJK,
 * control and format characters, a final sigma, emoji, over-long words). Prints whether the
 * ids are identical (full length and truncated at 128 as the embedder does), the first
 * differences, and tokens/s of each with the ratio library / hand-written.
 *
 *   npm run bench:tokenizer            # needs the MiniLM files (ANDON_MINILM_DIR or the cache)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { miniLmDirFromEnv } from '@andon/embeddings';
import { WordPieceTokenizer } from '@andon/embeddings/bench';
import { benchArgs } from '../bench-args';

const ROOT = join(__dirname, '..', '..');
const MAX_LENGTH = 128;

const EDGE_CASES = [
  'Café déjà vu: naïve façade, Ångström, São Paulo, Łódź, İstanbul',
  'ΟΔΥΣΣΕΥΣ and the final sigma: ΣΊΣΥΦΟΣ',
  '東京の工場でプレス204が停止しました。 라인 3 정지',
  'tab\there, newline\nthere, cr\rthere, vt\u000bff\u000cnel\u0085 end',
  'zero\u200bwidth\u200djoiner\u2060word and soft\u00adhyphen, nbsp\u00a0here',
  'emoji 🏭⚙️👩‍🔧 and symbols $5 + <3 = ^_^ | ~ `x` © ® ™ ° ±0.02 mm',
  `${'x'.repeat(150)} overlong word and Pneumonoultramicroscopicsilicovolcanoconiosis`,
  'P-204 OEE 72.4% MTTR 14.5 min NCR-1042 L-2024-0113 7781-220',
  '\u0000null\ufffdreplacement\u0007bell',
  'ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ and ligatures ﬁ ﬂ, roman Ⅻ',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function corpus(): string[] {
  const texts = [...EDGE_CASES];
  for (const dir of [join(ROOT, 'bench/retrieval/corpus/docs'), join(ROOT, 'knowledge')]) {
    for (const file of filesUnder(dir)) {
      if (!/\.(md|txt|html)$/.test(file)) continue;
      for (const para of readFileSync(file, 'utf8').split(/\n\s*\n/)) if (para.trim()) texts.push(para);
    }
  }
  return texts;
}

/** The library's ids cut to the embedder's length, the way the hand-written one truncates. */
function truncate(ids: readonly number[], sepId: number): number[] {
  return ids.length <= MAX_LENGTH ? [...ids] : [...ids.slice(0, MAX_LENGTH - 1), sepId];
}

function timeIt(
  label: string,
  rounds: number,
  texts: readonly string[],
  encode: (t: string) => number[],
): { label: string; msPerRound: number; tokensPerSecond: number } {
  let tokens = 0;
  for (const t of texts) tokens += encode(t).length; // warm-up (JIT, caches) and token count
  const start = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) encode(t);
  const ms = (performance.now() - start) / rounds;
  return { label, msPerRound: ms, tokensPerSecond: (tokens / ms) * 1000 };
}

async function main(): Promise<void> {
  // The package's types are ESM-only (its CommonJS build is what Node loads here).
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const { rounds } = benchArgs('usage: npm run bench:tokenizer -- [rounds]', ['rounds'], {
    rounds: '5',
  }).numbers;
  const modelDir = miniLmDirFromEnv(process.env);
  const tokenizerJson = JSON.parse(readFileSync(join(modelDir, 'tokenizer.json'), 'utf8')) as object;
  const tokenizerConfig = JSON.parse(readFileSync(join(modelDir, 'tokenizer_config.json'), 'utf8')) as object;
  const library = new Tokenizer(tokenizerJson, tokenizerConfig);
  const full = WordPieceTokenizer.fromTokenizerJson(join(modelDir, 'tokenizer.json'), 1_000_000);
  const embedder = WordPieceTokenizer.fromTokenizerJson(join(modelDir, 'tokenizer.json'), MAX_LENGTH);
  const sepId = library.token_to_id('[SEP]') ?? 102;
  const texts = corpus();

  let differentFull = 0;
  let differentTruncated = 0;
  const examples: string[] = [];
  for (const text of texts) {
    const lib = library.encode(text).ids;
    const own = full.encode(text).ids;
    if (lib.join(',') !== own.join(',')) {
      differentFull++;
      if (examples.length < 5) {
        const at = lib.findIndex((id: number, i: number) => id !== own[i]);
        examples.push(
          `  ${JSON.stringify(text.slice(0, 60))}: first difference at token ${at}: library ${JSON.stringify(library.decode(lib.slice(at, at + 3)))} [${lib.slice(at, at + 3).join(',')}] vs hand-written [${own.slice(at, at + 3).join(',')}]`,
        );
      }
    }
    if (truncate(lib, sepId).join(',') !== embedder.encode(text).ids.join(',')) differentTruncated++;
  }
  const chars = texts.reduce((n, t) => n + t.length, 0);
  console.log(
    `corpus: ${texts.length} texts (${EDGE_CASES.length} edge cases), ${chars} characters; tokenizer.json from ${modelDir}`,
  );
  console.log(
    `identical ids, full length: ${texts.length - differentFull}/${texts.length}; truncated at ${MAX_LENGTH}: ${texts.length - differentTruncated}/${texts.length}`,
  );
  for (const e of examples) console.log(e);

  // Alternate the order per round pair so neither side always runs on a warmer machine.
  const own = timeIt('hand-written WordPieceTokenizer', rounds, texts, (t) => embedder.encode(t).ids);
  const lib = timeIt('@huggingface/tokenizers 0.2.0', rounds, texts, (t) =>
    truncate(library.encode(t).ids, sepId),
  );
  const own2 = timeIt('hand-written WordPieceTokenizer', rounds, texts, (t) => embedder.encode(t).ids);
  const ownBest = own.msPerRound <= own2.msPerRound ? own : own2;
  console.log(`\n| tokenizer | ms per corpus pass | tokens/s |\n|---|---:|---:|`);
  for (const r of [ownBest, lib])
    console.log(
      `| ${r.label} | ${r.msPerRound.toFixed(1)} | ${Math.round(r.tokensPerSecond).toLocaleString('en-US')} |`,
    );
  console.log(
    `\nratio library / hand-written (time per pass): ${(lib.msPerRound / ownBest.msPerRound).toFixed(2)}x (rounds ${rounds}; hand-written best of two passes: ${own.msPerRound.toFixed(1)} / ${own2.msPerRound.toFixed(1)} ms)`,
  );
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
