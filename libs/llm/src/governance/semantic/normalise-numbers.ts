/**
 * Rewrites numbers written as words, units and ranges into digits, so the number check
 * compares what a sentence means rather than how it is spelled: "two hundred and ten
 * bar" is 210, "zweihundertzehn" is 210, "between five and seven minutes" is "5 to 7
 * minutes", "1.5k" is 1500. English, German, Spanish and Polish number words (the
 * languages the policy evaluation covers) plus Chinese numerals.
 */

const EN_UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  // "a dozen" and "a couple" are used loosely, so only the exact ones are here.
  dozen: 12,
};
const DE_UNITS: Record<string, number> = {
  null: 0,
  eins: 1,
  ein: 1,
  eine: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
  zehn: 10,
  elf: 11,
  zwölf: 12,
  dreizehn: 13,
  vierzehn: 14,
  fünfzehn: 15,
  sechzehn: 16,
  siebzehn: 17,
  achtzehn: 18,
  neunzehn: 19,
  zwanzig: 20,
  dreißig: 30,
  dreissig: 30,
  vierzig: 40,
  fünfzig: 50,
  sechzig: 60,
  siebzig: 70,
  achtzig: 80,
  neunzig: 90,
};
const ES_UNITS: Record<string, number> = {
  // "once" (11) is left out: it is an English word far more often than a Spanish number.
  cero: 0,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciséis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
  cien: 100,
  ciento: 100,
  doscientos: 200,
  trescientos: 300,
  cuatrocientos: 400,
  quinientos: 500,
  seiscientos: 600,
  setecientos: 700,
  ochocientos: 800,
  novecientos: 900,
};
const PL_UNITS: Record<string, number> = {
  zero: 0,
  jeden: 1,
  jedna: 1,
  dwa: 2,
  dwie: 2,
  trzy: 3,
  cztery: 4,
  pięć: 5,
  sześć: 6,
  siedem: 7,
  osiem: 8,
  dziewięć: 9,
  dziesięć: 10,
  jedenaście: 11,
  dwanaście: 12,
  trzynaście: 13,
  czternaście: 14,
  piętnaście: 15,
  szesnaście: 16,
  siedemnaście: 17,
  osiemnaście: 18,
  dziewiętnaście: 19,
  dwadzieścia: 20,
  trzydzieści: 30,
  czterdzieści: 40,
  pięćdziesiąt: 50,
  sześćdziesiąt: 60,
  siedemdziesiąt: 70,
  osiemdziesiąt: 80,
  dziewięćdziesiąt: 90,
  sto: 100,
  dwieście: 200,
  trzysta: 300,
  czterysta: 400,
  pięćset: 500,
  sześćset: 600,
  siedemset: 700,
  osiemset: 800,
  dziewięćset: 900,
};
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1000,
  million: 1_000_000,
  hundert: 100,
  tausend: 1000,
  mil: 1000,
  tysiąc: 1000,
  tysiące: 1000,
  tysięcy: 1000,
};
const CONNECTORS = new Set(['and', 'und', 'y', '-']);

const WORD_VALUES: Record<string, number> = { ...PL_UNITS, ...ES_UNITS, ...DE_UNITS, ...EN_UNITS };

/** Value of one word, including German compounds ("zweihundertzehn", "einundzwanzig"). */
function wordValue(word: string): { value: number; scale: boolean } | undefined {
  const w = word.toLowerCase();
  if (w in SCALES) return { value: SCALES[w] as number, scale: true };
  if (w in WORD_VALUES) return { value: WORD_VALUES[w] as number, scale: false };
  const hyphen = /^([a-z]+)-([a-z]+)$/.exec(w);
  if (
    hyphen &&
    hyphen[1] &&
    hyphen[2] &&
    EN_UNITS[hyphen[1]] !== undefined &&
    EN_UNITS[hyphen[2]] !== undefined
  ) {
    return { value: (EN_UNITS[hyphen[1]] as number) + (EN_UNITS[hyphen[2]] as number), scale: false };
  }
  const german = germanCompound(w);
  return german === undefined ? undefined : { value: german, scale: false };
}

function germanCompound(w: string): number | undefined {
  if (!/^[a-zäöüß]{6,}$/.test(w)) return undefined;
  const thousands = w.split('tausend');
  if (thousands.length === 2) {
    const head = thousands[0] ? germanBelowThousand(thousands[0]) : 1;
    const tail = thousands[1] ? germanBelowThousand(thousands[1]) : 0;
    return head === undefined || tail === undefined ? undefined : head * 1000 + tail;
  }
  return germanBelowThousand(w);
}

function germanBelowThousand(w: string): number | undefined {
  const hundreds = w.split('hundert');
  if (hundreds.length === 2) {
    const head = hundreds[0] ? DE_UNITS[hundreds[0]] : 1;
    const tail = hundreds[1] ? germanBelowHundred(hundreds[1]) : 0;
    return head === undefined || tail === undefined ? undefined : head * 100 + tail;
  }
  return germanBelowHundred(w);
}

function germanBelowHundred(w: string): number | undefined {
  if (w in DE_UNITS) return DE_UNITS[w];
  const m = /^([a-zäöüß]+?)und([a-zäöüß]+)$/.exec(w);
  if (!m || !m[1] || !m[2]) return undefined;
  const unit = DE_UNITS[m[1]];
  const ten = DE_UNITS[m[2]];
  return unit !== undefined && ten !== undefined && ten >= 20 && ten % 10 === 0 && unit < 10
    ? ten + unit
    : undefined;
}

const WORD = /[\p{L}]+(?:-[\p{L}]+)?/gu;

/** Replaces each run of number words with its value ("two hundred and ten" -> "210"). */
export function numberWordsToDigits(text: string): string {
  const tokens = [...text.matchAll(WORD)];
  let out = '';
  let last = 0;
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    if (!first || first.index === undefined) break;
    const v = wordValue(first[0]);
    // "one" and "a" alone are too often not numbers ("one of the lots"); they only count inside a run.
    if (!v) {
      i += 1;
      continue;
    }
    let total = 0;
    let current = 0;
    let end = first.index + first[0].length;
    let j = i;
    let words = 0;
    let previous: { value: number; scale: boolean } | undefined;
    // "twenty five", "hundred and ten", "treinta y dos" join; "five and seven", "five seven" do not.
    const joins = (next: { value: number; scale: boolean }): boolean =>
      !previous || next.scale || previous.scale
        ? true
        : previous.value >= 100 && previous.value % 100 === 0
          ? next.value < 100
          : previous.value >= 20 && previous.value < 100 && previous.value % 10 === 0 && next.value < 10;
    while (j < tokens.length) {
      const t = tokens[j];
      if (!t || t.index === undefined) break;
      const gap = text.slice(end, t.index);
      if (j > i && !/^[\s-]*$/.test(gap)) break;
      const lower = t[0].toLowerCase();
      if (CONNECTORS.has(lower) && j > i) {
        const next = tokens[j + 1];
        const nextValue = next ? wordValue(next[0]) : undefined;
        if (
          next &&
          next.index !== undefined &&
          nextValue &&
          !nextValue.scale &&
          joins(nextValue) &&
          /^\s+$/.test(text.slice(t.index + t[0].length, next.index))
        ) {
          end = t.index + t[0].length;
          j += 1;
          continue;
        }
        break;
      }
      const value = wordValue(t[0]);
      if (!value || !joins(value)) break;
      previous = value;
      if (value.scale) {
        current = (current || 1) * value.value;
        if (value.value >= 1000) {
          total += current;
          current = 0;
        }
      } else {
        current += value.value;
      }
      words += 1;
      end = t.index + t[0].length;
      j += 1;
    }
    const lone = words === 1 && /^(?:one|ein|eine|una|uno|y|mil)$/i.test(first[0]);
    if (!lone) {
      out += text.slice(last, first.index) + String(total + current);
      last = end;
    }
    i = Math.max(j, i + 1);
  }
  return out + text.slice(last);
}

const ZH_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const ZH_SCALES: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Chinese numerals ("二百一十" -> 210). */
export function chineseNumeralsToDigits(text: string): string {
  return text.replace(/[零〇一二两三四五六七八九十百千万]+/g, (run) => {
    let total = 0;
    let section = 0;
    let digit = 0;
    for (const ch of run) {
      if (ch in ZH_DIGITS) digit = ZH_DIGITS[ch] as number;
      else {
        const scale = ZH_SCALES[ch] as number;
        if (scale === 10000) {
          total += (section + digit) * scale;
          section = 0;
        } else section += (digit || 1) * scale;
        digit = 0;
      }
    }
    return String(total + section + digit);
  });
}

/** "1.5k" -> 1500, "2,5" (decimal comma) left alone: it is ambiguous with thousands. */
function suffixes(text: string): string {
  return text.replace(/(?<![\w.])(\d+(?:\.\d+)?)\s?k\b/gi, (_, n: string) =>
    String(Math.round(Number(n) * 1000)),
  );
}

/** "5-7", "5–7", "between 5 and 7", "from 5 to 7" -> "5 to 7": both ends become separate numbers. */
function ranges(text: string): string {
  return text
    .replace(
      /\b(?:between|zwischen|entre|między)\s+(\d+(?:\.\d+)?)\s+(?:and|und|y|a)\s+(\d+(?:\.\d+)?)/gi,
      '$1 to $2',
    )
    .replace(/(?<![\w-])(\d+(?:\.\d+)?)\s?[-–]\s?(\d+(?:\.\d+)?)(?![\w-])/g, '$1 to $2');
}

/** Units written in words or glued to numbers are separated, so "210bar" and "210 bar" read the same. */
function units(text: string): string {
  return text
    .replace(/(\d)(°\s?[CF]|bar|psi|mm|rpm|min|kg|kN|Nm|%)/g, '$1 $2')
    .replace(/\bper\s?cent\b|\bprozent\b|\bpor ciento\b|\bprocent\b/gi, '%')
    .replace(/(\d) %/g, '$1%')
    .replace(/\bdegrees?(?: celsius)?\b/gi, '°C');
}

export function normaliseNumbers(text: string): string {
  return units(ranges(suffixes(chineseNumeralsToDigits(numberWordsToDigits(text)))));
}
