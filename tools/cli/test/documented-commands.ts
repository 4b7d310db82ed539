import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One command as the docs write it, where it was found first, and what it resolves to. */
export interface DocumentedCommand {
  /** As written (whitespace collapsed), with `a|b` subcommand alternatives expanded. */
  text: string;
  /** `docs/runbook.md:153` */
  where: string;
  /** Variables the docs set in front of the command (`LLM_PROVIDER=local npm run eval`). */
  env: Record<string, string>;
  tool: 'andon' | 'npm';
  args: string[];
}

const COMMAND = /^((?:[A-Z][A-Z0-9_]*=\S*\s+)*)(andon|npm)((?:\s+\S+)+)$/;

/** README.md, docs/*.md and docs/adr/*.md, relative to the repository root. */
export function documentFiles(root: string): string[] {
  const md = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => `${dir}/${f}`);
  return ['README.md', ...md('docs'), ...md('docs/adr')];
}

function commandsIn(fragment: string): Array<Omit<DocumentedCommand, 'where'>> {
  const out: Array<Omit<DocumentedCommand, 'where'>> = [];
  for (const part of fragment.split(/\s+(?:;|&&)\s+|\s*;\s*$/)) {
    const text = part
      .replace(/^\$\s+/, '')
      .replace(/\s+/g, ' ')
      .trim();
    const m = COMMAND.exec(text);
    if (!m) continue;
    const env: Record<string, string> = {};
    for (const assignment of (m[1] ?? '').trim().split(' ').filter(Boolean)) {
      const [name, ...value] = assignment.split('=');
      env[name as string] = value.join('=');
    }
    // `<action-id | recommendation-id>` is one placeholder, not five arguments.
    const args = (m[3] ?? '')
      .replace(/<[^<>]*>/g, (ph) => ph.replace(/\s+/g, ''))
      .trim()
      .split(' ');
    const tool = m[2] as 'andon' | 'npm';
    // `andon dlq list|replay|unmapped` documents three commands.
    if (tool === 'andon' && args[1]?.includes('|') && !/[<[]/.test(args[1])) {
      for (const alt of args[1].split('|')) {
        const expanded = [args[0] as string, alt, ...args.slice(2)];
        out.push({ text: `${m[1] ?? ''}andon ${expanded.join(' ')}`, env, tool, args: expanded });
      }
    } else out.push({ text, env, tool, args });
  }
  return out;
}

/**
 * Every `andon ...` and `npm ...` command in the docs: lines of fenced code blocks (without
 * their `# comments`) and inline code spans of a paragraph, split at `;` and `&&`. First
 * occurrence wins; the rest only add nothing.
 */
export function documentedCommands(root: string): DocumentedCommand[] {
  const found = new Map<string, DocumentedCommand>();
  const add = (fragment: string, where: string) => {
    for (const c of commandsIn(fragment)) if (!found.has(c.text)) found.set(c.text, { ...c, where });
  };
  for (const file of documentFiles(root)) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    let fenced = false;
    let paragraph: string[] = [];
    let paragraphStart = 0;
    const flush = () => {
      const text = paragraph.join(' ');
      for (const span of text.matchAll(/`([^`]+)`/g)) add(span[1] as string, `${file}:${paragraphStart}`);
      paragraph = [];
    };
    lines.forEach((line, i) => {
      if (/^\s*```/.test(line)) {
        flush();
        fenced = !fenced;
        return;
      }
      if (fenced) {
        add(line.replace(/\s+#\s.*$/, ''), `${file}:${i + 1}`);
        return;
      }
      if (line.trim() === '') flush();
      else {
        if (paragraph.length === 0) paragraphStart = i + 1;
        paragraph.push(line);
      }
    });
    flush();
  }
  return [...found.values()];
}

/**
 * Sample values for the placeholders the docs use (the n-th occurrence in one command takes
 * the n-th value, so `--from <date> --to <date>` is a real window); an unknown placeholder
 * fails the doc-test.
 */
export const PLACEHOLDER_SAMPLES: Record<string, readonly string[]> = {
  '<use-case>': ['ncr-triage'],
  '<version>': ['v2'],
  '<id>': ['doc-test-id'],
  '<date>': ['2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z'],
  '<file>': ['doc-test-ledger.jsonl'],
  '<files>': ['doc-test-scenario.json'],
  '<env>': ['production'],
  '<action-id|recommendation-id|llm-call-id>': ['doc-test-id'],
  DIR: ['doc-test-dir'],
  S: ['plant-a'],
  M: ['0.05'],
  E: ['production'],
  N: ['1'],
  'a,b': ['ncr-triage,operator-qa'],
};

/** The argv to run: brackets of optional parts dropped, placeholders filled, first of `a|b` taken. */
export function concreteArgs(args: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return args.map((raw) => {
    const arg = raw.replace(/^\[|\]$/g, '');
    const samples = PLACEHOLDER_SAMPLES[arg];
    if (samples) {
      const n = seen.get(arg) ?? 0;
      seen.set(arg, n + 1);
      return samples[Math.min(n, samples.length - 1)] as string;
    }
    if (/^<.*>$/.test(arg))
      throw new Error(`no sample value for the placeholder ${arg}: add one to PLACEHOLDER_SAMPLES`);
    return arg.includes('|') && !arg.startsWith('-') ? (arg.split('|')[0] as string) : arg;
  });
}
