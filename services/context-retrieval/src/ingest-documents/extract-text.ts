import type { ContentType } from '../domain/knowledge-chunk';

/**
 * Text a document is chunked and cited from. HTML keeps its structure as Markdown-ish
 * lines (headings as '#', ordered list items as numbered steps) so the chunker sees
 * the same structure as in a Markdown SOP.
 */
export async function extractText(contentType: ContentType, content: Uint8Array): Promise<string> {
  switch (contentType) {
    case 'markdown':
    case 'text':
      return normaliseNewlines(Buffer.from(content).toString('utf8'));
    case 'html':
      return htmlToText(Buffer.from(content).toString('utf8'));
    case 'pdf':
      return pdfToText(content);
  }
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  deg: '°',
  plusmn: '±',
  times: '×',
  ndash: '–',
  mdash: '—',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? m;
  });
}

// Inline markup vanishes without a trace; any other tag separates words.
const INLINE_TAGS = /<\/?(?:a|b|i|u|em|strong|span|code|small|sub|sup|mark)\b[^>]*>/gi;

function inline(html: string): string {
  return decodeEntities(html.replace(INLINE_TAGS, '').replace(/<[^>]*>/g, ' '))
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

export function htmlToText(html: string): string {
  let s = normaliseNewlines(html)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|template)\b[\s\S]*?<\/\1\s*>/gi, '');
  s = s.replace(
    /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/gi,
    (_m, level: string, body: string) => `\n\n${'#'.repeat(Number(level))} ${inline(body)}\n\n`,
  );
  // Number ordered-list items in document order, so "<ol><li>" reads as "1. ".
  s = s.replace(/<ol\b[^>]*>([\s\S]*?)<\/ol\s*>/gi, (_m, body: string) => {
    let n = 0;
    return `\n\n${body.replace(/<li\b[^>]*>([\s\S]*?)(?:<\/li\s*>|(?=<li\b)|$)/gi, (_l, item: string) => `${++n}. ${inline(item)}\n`)}\n`;
  });
  s = s.replace(
    /<li\b[^>]*>([\s\S]*?)(?:<\/li\s*>|(?=<li\b))/gi,
    (_m, item: string) => `- ${inline(item)}\n`,
  );
  s = s.replace(
    /<tr\b[^>]*>([\s\S]*?)<\/tr\s*>/gi,
    (_m, row: string) =>
      `${row.replace(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]\s*>/gi, (_c, cell: string) => `${inline(cell)} | `).replace(/\s*\|\s*$/, '')}\n`,
  );
  s = s
    .replace(/<(p|div|section|article|table|ul|ol|blockquote|pre)\b[^>]*>/gi, '\n\n')
    .replace(/<\/(p|div|section|article|table|ul|ol|blockquote|pre)\s*>/gi, '\n\n');
  s = s.replace(/<br\s*\/?>/gi, '\n');
  s = decodeEntities(s.replace(/<[^>]*>/g, ''));
  return s
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .concat('\n');
}

interface PdfParseResult {
  text: string;
  numpages: number;
}
type PdfParse = (data: Uint8Array) => Promise<PdfParseResult>;

async function pdfToText(content: Uint8Array): Promise<string> {
  // The package's index.js runs a self-test when required without a parent module; the
  // library file does not. pdf.js reads `.buffer` and ignores byteOffset, so pass a copy.
  const parse = require('pdf-parse/lib/pdf-parse.js') as PdfParse;
  const result = await parse(new Uint8Array(content));
  return normaliseNewlines(result.text)
    .replace(/^\n+/, '')
    .replace(/[ \t]+\n/g, '\n');
}
