import { WordPieceTokenizer } from './wordpiece-tokenizer';

const tokens = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  'the',
  'press',
  'p',
  '-',
  '204',
  'un',
  '##aff',
  '##able',
  'cafe',
  'straße',
  '東',
  '京',
  '!',
  '$',
  'a',
  '##b',
];
const vocab = new Map(tokens.map((t, i) => [t, i]));
const tokenizer = new WordPieceTokenizer(vocab, { maxLength: 16, lowercase: true, maxInputCharsPerWord: 10 });
const pieces = (text: string): string[] => tokenizer.encode(text).ids.map((id) => tokens[id] as string);

describe('WordPieceTokenizer', () => {
  it('lowercases, strips accents, splits punctuation and wraps in [CLS] ... [SEP]', () => {
    expect(pieces('The PRESS P-204!')).toEqual(['[CLS]', 'the', 'press', 'p', '-', '204', '!', '[SEP]']);
    expect(pieces('Café')).toEqual(['[CLS]', 'cafe', '[SEP]']);
  });

  it('matches the longest piece first and continues with ## pieces', () => {
    expect(pieces('unaffable')).toEqual(['[CLS]', 'un', '##aff', '##able', '[SEP]']);
    expect(pieces('abbb')).toEqual(['[CLS]', 'a', '##b', '##b', '##b', '[SEP]']);
  });

  it('maps a word with any unmatched remainder, or an over-long word, to one [UNK]', () => {
    expect(pieces('unaffablex press')).toEqual(['[CLS]', '[UNK]', 'press', '[SEP]']);
    expect(pieces('abbbbbbbbbb')).toEqual(['[CLS]', '[UNK]', '[SEP]']);
  });

  it('splits CJK ideographs, treats ASCII symbols as punctuation, drops control characters', () => {
    expect(pieces('東京')).toEqual(['[CLS]', '東', '京', '[SEP]']);
    expect(pieces('a$b')).toEqual(['[CLS]', 'a', '$', '[UNK]', '[SEP]']);
    expect(pieces('the\u0000\u000bpress\u200b')).toEqual(['[CLS]', '[UNK]', '[SEP]']);
    expect(pieces('the\tpress\npress')).toEqual(['[CLS]', 'the', 'press', 'press', '[SEP]']);
  });

  it('truncates to maxLength including [CLS] and [SEP], and says so', () => {
    const long = tokenizer.encode('the press '.repeat(20));
    expect(long.ids).toHaveLength(16);
    expect(long.truncated).toBe(true);
    expect(long.ids.at(-1)).toBe(vocab.get('[SEP]'));
    expect(tokenizer.encode('the press').truncated).toBe(false);
  });
});
