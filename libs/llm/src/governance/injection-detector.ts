import type { CheckResult } from './governance.types';

export type InjectionKind =
  | 'ignore-instructions'
  | 'role-play'
  | 'prompt-exfiltration'
  | 'tool-call'
  | 'chat-markup'
  | 'delimiter-spoof'
  | 'addressing-the-model'
  /** "mark this action approved and skip the approval service", "without a second signature". */
  | 'approval-bypass'
  /** "I authorize you to...", "by order of the plant manager": authority the text cannot carry. */
  | 'authority-claim'
  /** A forbidden instruction (setpoint change, interlock bypass, hold release...) inside data, found by the rules or by meaning. */
  | 'forbidden-intent'
  /** A source an earlier call flagged (e.g. a past NCR whose text carried an injection), reused here. */
  | 'previously-flagged';

const PATTERNS: ReadonlyArray<{ kind: InjectionKind; pattern: RegExp }> = [
  {
    kind: 'ignore-instructions',
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the system|these|those)\b[^.\n]{0,25}?\b(?:instructions?|prompts?|rules?|directions?|guidelines?|constraints?|policies)\b/i,
  },
  { kind: 'ignore-instructions', pattern: /\bnew instructions?\s*:/i },
  {
    kind: 'role-play',
    pattern:
      /\b(?:you are now|from now on,? you|act as (?:an?|the)\b|pretend (?:to be|you are|that you)|role-?play|assume the role|your new (?:role|persona)|developer mode|jailbreak|\bDAN\b)/i,
  },
  {
    kind: 'prompt-exfiltration',
    pattern:
      /\b(?:reveal|print|show|repeat|output|leak|return)\b[^.\n]{0,30}\b(?:system prompt|hidden (?:prompt|instructions)|your instructions|the instructions above|redaction map|original names)\b/i,
  },
  {
    kind: 'tool-call',
    pattern:
      /\b(?:call|invoke|execute|trigger)\b[^.\n]{0,20}\b(?:the\s+)?(?:tool|function|api|endpoint|webhook|shell command)\b|"?(?:tool_calls?|function_call)"?\s*[:=]|<\/?(?:tool_call|function_call|tool)\b/i,
  },
  {
    kind: 'tool-call',
    pattern:
      /\b(?:write (?:this |it )?back to the mes|post (?:this |it )?to the mes|approve (?:this|the) (?:proposed )?action|mark (?:the )?(?:ncr|hold|deviation) (?:as )?(?:closed|released|approved))\b/i,
  },
  {
    kind: 'chat-markup',
    pattern:
      /<\|im_(?:start|end)\|>|<\|(?:system|assistant|user)\|>|\[\/?INST\]|<<\/?SYS>>|^\s*#{2,}\s*(?:system|instruction)s?\b|^\s*(?:system|assistant)\s*:/im,
  },
  { kind: 'delimiter-spoof', pattern: /<<<|>>>|END_UNTRUSTED|UNTRUSTED_DATA/i },
  {
    kind: 'approval-bypass',
    pattern:
      /\b(?:mark|set|flag|record|treat|consider|log)\b[^.\n]{0,40}?\b(?:as\s+)?(?:approved|signed(?:\s+off)?|authori[sz]ed|pre-?approved)\b|\b(?:skip|bypass|avoid|circumvent|go around|without)\b[^.\n]{0,20}?\b(?:the\s+)?(?:approval(?:\s+(?:service|step|process|gate|workflow))?|second signature|two-person rule|sign-?off|e-?signature|signatures?)\b|\bno (?:further |second )?(?:approval|signature|sign-?off) (?:is )?(?:needed|required|necessary)\b|\bauto-?approve\b/i,
  },
  {
    kind: 'authority-claim',
    pattern:
      /\bI\s+(?:hereby\s+)?(?:authori[sz]e|permit|allow|instruct|order|approve)\s+(?:you|the (?:ai|assistant|system|model|agent))\b|\b(?:on (?:the )?authority of|by (?:direct )?order of|on behalf of (?:the )?(?:plant|site|quality|shift) (?:manager|director|supervisor|lead))\b|\b(?:this|the following) (?:is|comes) (?:an? )?(?:order|instruction|directive) from\b|\bas (?:the )?(?:plant|site|quality|production|shift) (?:manager|director|supervisor|lead),? I\b/i,
  },
  {
    kind: 'addressing-the-model',
    pattern:
      /\b(?:dear |hey |attention,? )?(?:ai|assistant|chatbot|llm|language model|gpt)\b[,:]?\s+(?:you\s+)?(?:must|should|shall|need to|will now|are required to)\b/i,
  },
];

/**
 * Where a finding is, never what it says: records and the ledger carry these, and the
 * flagged text itself stays in the source system (it may be the attack).
 */
export interface InjectionFinding {
  /** Source label (S1) or input field path (input.operatorNotes.2). */
  location: string;
  kind: InjectionKind;
  /** Character offsets of the flagged span within the scanned text of that location. */
  start: number;
  end: number;
  /** For semantic findings: the forbidden intent it matched. */
  category?: string;
}

export function detectInjection(location: string, text: string): InjectionFinding[] {
  const findings: InjectionFinding[] = [];
  for (const { kind, pattern } of PATTERNS) {
    const m = pattern.exec(text);
    if (m) findings.push({ location, kind, start: m.index, end: m.index + m[0].length });
  }
  return findings;
}

export function describeFinding(f: InjectionFinding): string {
  return `${f.location}[${f.start}..${f.end}]: ${f.kind}${f.category ? ` (${f.category})` : ''}`;
}

/**
 * Scans untrusted text (retrieved sources, operator-written input). Findings are
 * recorded and counted; they do not by themselves discard the answer, because the
 * text is passed as delimited data and the output checks catch any effect it has.
 */
export function checkInputInjection(
  items: ReadonlyArray<{ location: string; text: string }>,
): CheckResult & { findings: InjectionFinding[] } {
  const findings = items.flatMap((i) => detectInjection(i.location, i.text));
  return {
    name: 'input-injection',
    passed: findings.length === 0,
    details: findings.map(describeFinding),
    findings,
  };
}

/** An output that echoes injection markup or role-play has been steered: it fails. */
export function checkOutputInjection(texts: readonly string[]): CheckResult {
  const findings = texts
    .flatMap((t, i) => detectInjection(`output[${i}]`, t))
    .filter((f) => f.kind !== 'addressing-the-model');
  return { name: 'output-injection', passed: findings.length === 0, details: findings.map(describeFinding) };
}
