/**
 * The language a clause is written in, among those the plants use (English, German,
 * Spanish, Polish, Chinese), from its script, letters and most common words. Used to pick
 * a per-language threshold of the semantic policy layer: MiniLM (trained mostly on
 * English) places other languages' clauses differently, so one threshold does not fit all.
 */
export const LANGUAGES = ['en', 'de', 'es', 'pl', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

const ZH = /[\u3400-\u9fff]/u;
const PL = /[ąćęłńśźż]|\b(?:nie|się|jest|należy|oraz|przy|przez|żeby|już|dla)\b/iu;
const DE = /[äöüß]|\b(?:der|die|das|und|nicht|bitte|den|dem|ist|mit|auf|wird|werden|schon)\b/iu;
const ES = /[ñ¿¡]|\b(?:el|la|los|las|del|que|por|para|una|está|debe|ya|se)\b/iu;

export function languageOf(text: string): Language {
  if (ZH.test(text)) return 'zh';
  if (PL.test(text)) return 'pl';
  if (DE.test(text)) return 'de';
  if (ES.test(text)) return 'es';
  return 'en';
}
