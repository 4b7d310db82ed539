/**
 * Splits a document's text into retrieval chunks along its structure: a chunk never
 * spans two sections, and a numbered procedure step (with its indented sub-items) is
 * never split, because half a step is a dangerous instruction.
 */

export interface TextChunk {
  /** Heading path, e.g. "Clearing a jam > Procedure". */
  section: string;
  text: string;
  /** [start, end) in the input text. */
  start: number;
  end: number;
}

export interface ChunkerOptions {
  /** Soft limit: blocks are packed up to it; a single longer step stays whole. */
  maxChars?: number;
  /**
   * Also treat ALL-CAPS lines and underlined lines as headings (plain text and PDF,
   * which have no markup). Off for Markdown, where "NOTE" on its own line is not one.
   */
  plainTextHeadings?: boolean;
}

type BlockKind = 'heading' | 'step' | 'paragraph';

interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  level?: number;
  title?: string;
}

interface Line {
  text: string;
  start: number;
  end: number;
}

const MARKDOWN_HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const STEP = /^\s{0,3}(?:step\s+)?\d{1,3}[.):]\s+\S/i;
// At least three capitals and nothing lower-case: "PRESS_LO: SUPPLY PRESSURE LOW", "WO-77812 CNC SPINDLE".
const ALL_CAPS_HEADING = /^(?=.*\p{Lu}{3})[\p{Lu}\p{N}\s&/,()'_:-]{3,80}$/u;
const UNDERLINE = /^\s*(=+|-+)\s*$/;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const part of text.split('\n')) {
    lines.push({ text: part, start, end: start + part.length });
    start += part.length + 1;
  }
  return lines;
}

function headingOf(
  lines: Line[],
  i: number,
  plain: boolean,
): { level: number; title: string; consumed: number } | null {
  const line = lines[i];
  if (!line) return null;
  const md = MARKDOWN_HEADING.exec(line.text);
  if (md?.[1] && md[2]) return { level: md[1].length, title: md[2].trim(), consumed: 1 };
  if (!plain) return null;
  const next = lines[i + 1];
  const trimmed = line.text.trim();
  if (trimmed && next && UNDERLINE.test(next.text) && next.text.trim().length >= 3 && !STEP.test(line.text)) {
    return { level: next.text.trim().startsWith('=') ? 1 : 2, title: trimmed, consumed: 2 };
  }
  if (ALL_CAPS_HEADING.test(trimmed) && !/[.:;]$/.test(trimmed))
    return { level: 2, title: trimmed, consumed: 1 };
  return null;
}

function blank(line: Line | undefined): boolean {
  return line !== undefined && line.text.trim() === '';
}

function indented(line: Line | undefined): boolean {
  return line !== undefined && /^\s+\S/.test(line.text);
}

function parseBlocks(text: string, plain: boolean): Block[] {
  const lines = splitLines(text);
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (blank(line)) {
      i++;
      continue;
    }
    const heading = headingOf(lines, i, plain);
    if (heading) {
      const last = lines[i + heading.consumed - 1] as Line;
      blocks.push({
        kind: 'heading',
        start: line.start,
        end: last.end,
        level: heading.level,
        title: heading.title,
      });
      i += heading.consumed;
      continue;
    }
    const isStep = STEP.test(line.text);
    let j = i + 1;
    while (j < lines.length) {
      const next = lines[j] as Line;
      if (blank(next)) {
        // A step continues over blank lines into indented detail (sub-items, notes).
        let k = j;
        while (blank(lines[k])) k++;
        if (isStep && k < lines.length && indented(lines[k]) && !STEP.test((lines[k] as Line).text)) {
          j = k;
          continue;
        }
        break;
      }
      if (STEP.test(next.text) || headingOf(lines, j, plain)) break;
      j++;
    }
    const last = lines[j - 1] as Line;
    blocks.push({ kind: isStep ? 'step' : 'paragraph', start: line.start, end: last.end });
    i = j;
  }
  return blocks;
}

/** Splits an over-long paragraph (never a step) at sentence ends. */
function splitParagraph(text: string, block: Block, maxChars: number): Block[] {
  const out: Block[] = [];
  let start = block.start;
  while (block.end - start > maxChars) {
    const window = text.slice(start, start + maxChars);
    const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('.\n'));
    const end = cut > maxChars / 3 ? start + cut + 1 : start + maxChars;
    out.push({ kind: 'paragraph', start, end });
    start = end;
    while (start < block.end && /\s/.test(text[start] ?? '')) start++;
  }
  if (start < block.end) out.push({ kind: 'paragraph', start, end: block.end });
  return out;
}

function trimmed(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

export function chunkText(text: string, options: ChunkerOptions = {}): TextChunk[] {
  const maxChars = options.maxChars ?? 1200;
  const chunks: TextChunk[] = [];
  const path: { level: number; title: string }[] = [];
  let pending: Block[] = [];
  let headingStart: number | null = null;

  const flush = () => {
    if (!pending.length) return;
    const first = pending[0] as Block;
    const last = pending[pending.length - 1] as Block;
    // The first chunk of a section starts at its heading, so the heading's words count.
    const span = trimmed(text, headingStart ?? first.start, last.end);
    headingStart = null;
    chunks.push({
      section: path.map((p) => p.title).join(' > '),
      text: text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
    });
    pending = [];
  };

  for (const block of parseBlocks(text, options.plainTextHeadings ?? false)) {
    if (block.kind === 'heading') {
      flush();
      while (path.length && (path[path.length - 1] as { level: number }).level >= (block.level ?? 1))
        path.pop();
      path.push({ level: block.level ?? 1, title: block.title ?? '' });
      headingStart = block.start;
      continue;
    }
    const pieces =
      block.kind === 'paragraph' && block.end - block.start > maxChars
        ? splitParagraph(text, block, maxChars)
        : [block];
    for (const piece of pieces) {
      const from = headingStart ?? pending[0]?.start ?? piece.start;
      if (pending.length && piece.end - from > maxChars) flush();
      pending.push(piece);
    }
  }
  flush();
  return chunks;
}
