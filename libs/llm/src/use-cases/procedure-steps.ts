/**
 * Ordered step lists of a procedure text, so a "how do I" answer gives every step in
 * order and never a subset: half a procedure (restarting a machine without the checks
 * that come first) is a dangerous instruction.
 */

export interface ProcedureStep {
  number: number;
  /** The step's own wording, sub-items and continuation lines included. */
  text: string;
}

export interface StepList {
  /** The heading the list sits under ("Procedure"), '' when it has none. */
  section: string;
  steps: ProcedureStep[];
}

import { keywords, overlap } from './keywords';

const STEP = /^\s{0,3}(?:step\s+)?(\d{1,3})[.):]\s+(.*\S)\s*$/i;
const HEADING = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/;
const HOW_TO =
  /\b(how (?:do|can|should|would|must) (?:i|we|you|an operator|the operator)|how to|what are the steps|which steps|steps (?:to|for)|procedure (?:to|for)|walk me through)\b/i;

/** "How do I clear a jam?", "What are the steps to restart press 2?" */
export function isHowToQuestion(question: string): boolean {
  return HOW_TO.test(question);
}

/**
 * Every numbered list in the text with the heading above it. A list is a run of steps
 * numbered 1, 2, 3...; lines that are neither a step, a heading nor blank continue the
 * step before them (indented sub-items such as "- If a pin is bent, stop").
 */
export function stepLists(text: string): StepList[] {
  const lists: StepList[] = [];
  let section = '';
  let current: StepList | null = null;
  let blankRun = 0;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = HEADING.exec(line);
    const step = STEP.exec(line);
    if (heading?.[1]) {
      section = heading[1].trim();
      current = null;
      blankRun = 0;
    } else if (step?.[1] && step[2]) {
      const n = Number(step[1]);
      if (!current || n !== current.steps.length + 1) {
        current = { section, steps: [] };
        lists.push(current);
        if (n !== 1) current = null;
      }
      current?.steps.push({ number: n, text: step[2] });
      blankRun = 0;
    } else if (line.trim() === '') {
      blankRun += 1;
    } else if (current && current.steps.length > 0 && (blankRun === 0 || /^\s{2,}\S/.test(line))) {
      const last = current.steps[current.steps.length - 1] as ProcedureStep;
      const sub = line.trim();
      last.text += /^[-*+]\s/.test(sub) ? `\n   ${sub}` : ` ${sub}`;
      blankRun = 0;
    } else {
      current = null;
    }
  }
  return lists.filter((l) => l.steps.length > 0);
}

const RESTORE_QUESTION =
  /\b(back|after|restor\w*|return\w*|restart\w*|re-?energi[sz]\w*|release\w*|resum\w*)\b/i;
const RESTORE_SECTION = /\b(restor\w*|return\w*|restart\w*|re-?energi[sz]\w*|release\w*|removal|after)\b/i;

function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 2));
}

function shared(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n += 1;
  return n;
}

/**
 * The step list that governs a how-to question. A document with several procedures (lock
 * out, then restore to service) answers with the one the question is about: its heading
 * and steps sharing the question's words, a "back in service / after" question preferring
 * the restoring section. Without a question: the section named like a procedure, else the
 * longest list.
 */
export function governingSteps(text: string, question?: string): StepList | undefined {
  const lists = stepLists(text);
  if (lists.length <= 1 || !question) {
    const named = lists.find((l) => /procedure|steps|instructions|how to|method/i.test(l.section));
    return named ?? [...lists].sort((a, b) => b.steps.length - a.steps.length)[0];
  }
  const q = words(question);
  const restoring = RESTORE_QUESTION.test(question);
  const score = (l: StepList) =>
    3 * shared(q, words(l.section)) +
    shared(q, words(l.steps.map((s) => s.text).join(' '))) +
    (restoring && RESTORE_SECTION.test(l.section) ? 5 : 0);
  return [...lists].sort((a, b) => score(b) - score(a) || b.steps.length - a.steps.length)[0];
}

/**
 * Whether a procedure is about the question: at least two of the question's terms in its
 * title, text or steps (one when the question has only one). Retrieval ranks the best of
 * what a caller may see, which is not always about the question; a procedure that is not
 * must not answer it with its steps.
 */
export function stepsAnswerQuestion(list: StepList, documentText: string, question: string): boolean {
  const q = keywords(question);
  const text = keywords(`${documentText} ${list.section} ${list.steps.map((s) => s.text).join(' ')}`);
  return overlap(q, text) >= Math.min(2, q.size);
}

/** The whole list as Markdown, numbered as the document numbers it. */
export function stepsMarkdown(list: StepList): string {
  return list.steps.map((s) => `${s.number}. ${s.text}`).join('\n');
}

/**
 * The list with a citation after every sentence, so each instruction is traceable to the
 * procedure (the gateway's citation check asks that of every claim).
 */
export function citedStepsMarkdown(list: StepList, marker: string): string {
  return stepsMarkdown(list)
    .split('\n')
    .map((line) => {
      const m = /^(\s*(?:\d{1,3}\.|[-*+])\s+)(.*)$/.exec(line);
      const prefix = m?.[1] ?? '';
      const body = (m?.[2] ?? line).replace(/([.!?])(?=\s+\S)/g, ` ${marker}$1`);
      return `${prefix}${/[.!?]$/.test(body) ? `${body.slice(0, -1)} ${marker}${body.slice(-1)}` : `${body} ${marker}`}`;
    })
    .join('\n');
}
