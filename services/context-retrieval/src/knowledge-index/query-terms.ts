// Function words that match nearly every chunk; dropping them keeps BM25's OR query small.
const STOPWORDS = new Set(
  'a an and are as at be by can do does for from has have how i if in is it its me my of on or our should so that the their then there this to was we were what when where which who why will with you your'.split(
    ' ',
  ),
);

/** Lower-case words of a query (letters and digits), without stopwords, de-duplicated. */
export function queryTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => !STOPWORDS.has(w)))];
}
