// The hand-written WordPiece tokenizer, for bench/embeddings (measured against
// @huggingface/tokenizers on the same tokenizer.json); imported as '@andon/embeddings/bench'
// by bench/ only, never by production code.
export { WordPieceTokenizer, type Encoding } from './wordpiece-tokenizer';
