/** Words too common to say what a text is about. */
const STOPWORDS = new Set(
  'a an and are as at be by do does for from how i in is it of on or should the to was what when where which who why with my we our can you this that'.split(
    ' ',
  ),
);

/** The lower-case words of a text that carry meaning (letters and digits, no stopwords). */
export function keywords(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOPWORDS.has(w)),
  );
}

/** How many words two keyword sets share. */
export function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n += 1;
  return n;
}
