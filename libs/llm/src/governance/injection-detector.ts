import { truncate } from './citation-check';
import type { CheckResult } from './governance.types';

export type InjectionKind = 'ignore-instructions' | 'role-play' | 'prompt-exfiltration' | 'tool-call' | 'chat-markup' | 'delimiter-spoof' | 'addressing-the-model';

const PATTERNS: ReadonlyArray<{ kind: InjectionKind; pattern: RegExp }> = [
  { kind: 'ignore-instructions', pattern: /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the system|these|those)\b[^.\n]{0,25}?\b(?:instructions?|prompts?|rules?|directions?|guidelines?|constraints?|policies)\b/i },
  { kind: 'ignore-instructions', pattern: /\bnew instructions?\s*:/i },
  { kind: 'role-play', pattern: /\b(?:you are now|from now on,? you|act as (?:an?|the)\b|pretend (?:to be|you are|that you)|role-?play|assume the role|your new (?:role|persona)|developer mode|jailbreak|\bDAN\b)/i },
  { kind: 'prompt-exfiltration', pattern: /\b(?:reveal|print|show|repeat|output|leak|return)\b[^.\n]{0,30}\b(?:system prompt|hidden (?:prompt|instructions)|your instructions|the instructions above|redaction map|original names)\b/i },
  { kind: 'tool-call', pattern: /\b(?:call|invoke|execute|trigger)\b[^.\n]{0,20}\b(?:the\s+)?(?:tool|function|api|endpoint|webhook|shell command)\b|"?(?:tool_calls?|function_call)"?\s*[:=]|<\/?(?:tool_call|function_call|tool)\b/i },
  { kind: 'tool-call', pattern: /\b(?:write (?:this |it )?back to the mes|post (?:this |it )?to the mes|approve (?:this|the) (?:proposed )?action|mark (?:the )?(?:ncr|hold|deviation) (?:as )?(?:closed|released|approved))\b/i },
  { kind: 'chat-markup', pattern: /<\|im_(?:start|end)\|>|<\|(?:system|assistant|user)\|>|\[\/?INST\]|<<\/?SYS>>|^\s*#{2,}\s*(?:system|instruction)s?\b|^\s*(?:system|assistant)\s*:/im },
  { kind: 'delimiter-spoof', pattern: /<<<|>>>|END_UNTRUSTED|UNTRUSTED_DATA/i },
  { kind: 'addressing-the-model', pattern: /\b(?:dear |hey |attention,? )?(?:ai|assistant|chatbot|llm|language model|gpt)\b[,:]?\s+(?:you\s+)?(?:must|should|shall|need to|will now|are required to)\b/i },
];

export interface InjectionFinding {
  /** Source label (S1) or input field path (input.notes). */
  location: string;
  kind: InjectionKind;
  excerpt: string;
}

export function detectInjection(location: string, text: string): InjectionFinding[] {
  const findings: InjectionFinding[] = [];
  for (const { kind, pattern } of PATTERNS) {
    const m = pattern.exec(text);
    if (m) findings.push({ location, kind, excerpt: truncate(m[0], 80) });
  }
  return findings;
}

/**
 * Scans untrusted text (retrieved sources, operator-written input). Findings are
 * recorded and counted; they do not by themselves discard the answer, because the
 * text is passed as delimited data and the output checks catch any effect it has.
 */
export function checkInputInjection(items: ReadonlyArray<{ location: string; text: string }>): CheckResult & { findings: InjectionFinding[] } {
  const findings = items.flatMap((i) => detectInjection(i.location, i.text));
  return {
    name: 'input-injection',
    passed: findings.length === 0,
    details: findings.map((f) => `${f.location}: ${f.kind} "${f.excerpt}"`),
    findings,
  };
}

/** An output that echoes injection markup or role-play has been steered: it fails. */
export function checkOutputInjection(texts: readonly string[]): CheckResult {
  const findings = texts.flatMap((t, i) => detectInjection(`output[${i}]`, t)).filter((f) => f.kind !== 'addressing-the-model');
  return { name: 'output-injection', passed: findings.length === 0, details: findings.map((f) => `${f.kind} "${f.excerpt}"`) };
}
