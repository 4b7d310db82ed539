import { readFileSync } from 'node:fs';

export interface WordPieceOptions {
  /** Includes [CLS] and [SEP]. */
  maxLength: number;
  lowercase: boolean;
  maxInputCharsPerWord: number;
}

export interface Encoding {
  ids: number[];
  /** True when the text had more word pieces than fit. */
  truncated: boolean;
}

/** The parts of a Hugging Face tokenizer.json we read (BertNormalizer + WordPiece). */
interface TokenizerJson {
  normalizer?: { type?: string; lowercase?: boolean; strip_accents?: boolean | null };
  pre_tokenizer?: { type?: string };
  model?: {
    type?: string;
    vocab?: Record<string, number>;
    unk_token?: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
  };
}

const CONTROL = /\p{C}/u;
const WHITESPACE = /\p{White_Space}/u;
const PUNCTUATION = /\p{P}/u;
const COMBINING_MARK = /\p{Mn}/gu;

/**
 * BERT uncased WordPiece, equal to Hugging Face `tokenizers`' BertNormalizer (clean text,
 * CJK spacing, NFD accent stripping, lowercase) + BertPreTokenizer (whitespace and
 * punctuation split) + WordPiece (greedy longest match, `##` continuations), with
 * [CLS] ... [SEP] and truncation. Verified against `tokenizers` output in the spec.
 */
export class WordPieceTokenizer {
  private readonly unkId: number;
  private readonly clsId: number;
  private readonly sepId: number;

  constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    private readonly options: WordPieceOptions,
  ) {
    if (options.maxLength < 3)
      throw new RangeError('maxLength must leave room for [CLS], one token and [SEP]');
    this.unkId = this.special('[UNK]');
    this.clsId = this.special('[CLS]');
    this.sepId = this.special('[SEP]');
  }

  static fromTokenizerJson(path: string, maxLength: number): WordPieceTokenizer {
    const json = JSON.parse(readFileSync(path, 'utf8')) as TokenizerJson;
    if (json.model?.type !== 'WordPiece' || !json.model.vocab)
      throw new Error(`${path}: not a WordPiece tokenizer`);
    if (json.normalizer?.type !== 'BertNormalizer' || json.pre_tokenizer?.type !== 'BertPreTokenizer')
      throw new Error(`${path}: only BertNormalizer + BertPreTokenizer are supported`);
    if (json.model.unk_token !== '[UNK]' || (json.model.continuing_subword_prefix ?? '##') !== '##')
      throw new Error(`${path}: unexpected WordPiece special tokens`);
    if (json.normalizer.strip_accents === false)
      throw new Error(`${path}: strip_accents=false is not supported`);
    return new WordPieceTokenizer(new Map(Object.entries(json.model.vocab)), {
      maxLength,
      lowercase: json.normalizer.lowercase ?? true,
      maxInputCharsPerWord: json.model.max_input_chars_per_word ?? 100,
    });
  }

  encode(text: string): Encoding {
    const ids: number[] = [this.clsId];
    const room = this.options.maxLength - 1;
    let truncated = false;
    for (const word of this.words(text)) {
      for (const id of this.wordPieces(word)) {
        if (ids.length >= room) {
          truncated = true;
          break;
        }
        ids.push(id);
      }
      if (truncated) break;
    }
    ids.push(this.sepId);
    return { ids, truncated };
  }

  /** Normalised words and punctuation marks, in order. */
  words(text: string): string[] {
    let s = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      if (cp === 0 || cp === 0xfffd) continue;
      // Control first: \v, \f and U+0085 are both, and tokenizers drops them.
      if (ch === '\t' || ch === '\n' || ch === '\r') s += ' ';
      else if (CONTROL.test(ch)) continue;
      else if (WHITESPACE.test(ch)) s += ' ';
      else if (isCjk(cp)) s += ` ${ch} `;
      else s += ch;
    }
    // strip_accents follows lowercase when unset (tokenizers' BertNormalizer).
    // Per code point, like Rust's char::to_lowercase (String.toLowerCase maps a final Σ to ς).
    if (this.options.lowercase)
      s = Array.from(s.normalize('NFD').replace(COMBINING_MARK, ''), (c) => c.toLowerCase()).join('');
    const out: string[] = [];
    for (const chunk of s.split(' ')) {
      let word = '';
      for (const ch of chunk) {
        if (isPunctuation(ch)) {
          if (word) out.push(word);
          out.push(ch);
          word = '';
        } else word += ch;
      }
      if (word) out.push(word);
    }
    return out;
  }

  private wordPieces(word: string): number[] {
    const chars = Array.from(word);
    if (chars.length > this.options.maxInputCharsPerWord) return [this.unkId];
    const pieces: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (start < end) {
        const sub = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
        found = this.vocab.get(sub);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [this.unkId];
      pieces.push(found);
      start = end;
    }
    return pieces;
  }

  private special(token: string): number {
    const id = this.vocab.get(token);
    if (id === undefined) throw new Error(`vocabulary has no ${token}`);
    return id;
  }
}

function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0) as number;
  // ASCII symbols like $ + < = > ^ ` | ~ count as punctuation for BERT too.
  return (
    (cp >= 33 && cp <= 47) ||
    (cp >= 58 && cp <= 64) ||
    (cp >= 91 && cp <= 96) ||
    (cp >= 123 && cp <= 126) ||
    PUNCTUATION.test(ch)
  );
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}
