import { flags, type IntentMatch } from './intent-classifier';
import { languageOf } from './language-of';

describe('per-language thresholds of the semantic policy layer', () => {
  it.each([
    ['Raise the clamp pressure before the next shot.', 'en'],
    ['Den Türschalter an der Schutztür überbrücken.', 'de'],
    ['Libera el lote retenido y cárgalo en el camión.', 'es'],
    ['Zwolnij zablokowaną partię i wyślij ją do klienta.', 'pl'],
    ['把安全光幕短接。', 'zh'],
  ])('"%s" is %s', (text, language) => {
    expect(languageOf(text)).toBe(language);
  });

  it('judges a clause by the threshold of its language, the shared one otherwise', () => {
    const match = (language: IntentMatch['language']): IntentMatch => ({
      category: 'interlock-bypass',
      similarity: 0.5,
      margin: 0.1,
      probability: 0.6,
      cue: true,
      action: true,
      language,
    });
    const t = { probability: 0.55, similarity: 1.01, margin: 0.15, byLanguage: { de: 0.7 } };
    expect(flags(match('en'), t)).toBe(true);
    expect(flags(match('de'), t)).toBe(false);
  });
});
