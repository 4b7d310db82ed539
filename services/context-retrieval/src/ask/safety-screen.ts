import { findForbiddenInstructions } from '@andon/llm';

const SAFETY_OBJECT = String.raw`(?:interlocks?|guard(?:\s+door)?\s+switch(?:es)?|door\s+switch(?:es)?|light\s+curtains?|safety\s+(?:switch|relay|mat|circuit|guard|plc|function|device|sensor)s?|two[-\s]hand\s+control|e-?stop|emergency\s+stop|lockout|loto|guards?)`;

// Question forms the instruction detector does not read as imperatives.
const QUESTION_PATTERNS: readonly RegExp[] = [
  new RegExp(
    String.raw`\b(?:run|running|operate|operating|start|starting|restart|restarting|use|using)\b[^.?!]{0,40}\bwith(?:out|\s+(?:the|a)?\s*(?:open|removed|disabled|bypassed|taped|jumpered))\b[^.?!]{0,30}\b${SAFETY_OBJECT}`,
    'i',
  ),
  new RegExp(
    String.raw`\b(?:bridge|bridging|cheat|cheating|trick|tricking|fool|fooling|tie\s+down|tying\s+down|tape|taping|wedge|wedging|jumper|jumpering|short|shorting|defeat|defeating|bypass|bypassing|override|overriding|disable|disabling|mute|muting)\b[^.?!]{0,40}\b${SAFETY_OBJECT}`,
    'i',
  ),
  new RegExp(
    String.raw`\b${SAFETY_OBJECT}\b[^.?!]{0,30}\b(?:bypass(?:ed)?|jumpered|disabled|defeated|taped|overridden|muted)\b`,
    'i',
  ),
  new RegExp(
    String.raw`\b(?:run|running|operate|operating|start|starting|restart|restarting|cycle|cycling)\b[^.?!]{0,40}\bwith\s+(?:the\s+|a\s+)?${SAFETY_OBJECT}\s+(?:open|removed|off|disabled|bypassed|missing)\b`,
    'i',
  ),
];

export interface SafetyScreen {
  refused: boolean;
  /** What matched, for the escalation record. */
  matches: string[];
}

/**
 * Questions about defeating a safety function are not answered from any document,
 * however it is phrased: the operator is told to stop and the question is escalated.
 */
export function screenQuestion(question: string): SafetyScreen {
  const matches = [
    ...findForbiddenInstructions(question)
      .filter((f) => f.category === 'interlock-bypass')
      .map((f) => f.match),
    ...QUESTION_PATTERNS.map((p) => p.exec(question)?.[0]).filter((m): m is string => m !== undefined),
  ];
  return { refused: matches.length > 0, matches: [...new Set(matches)] };
}

export const SAFETY_REFUSAL =
  'I cannot help with bypassing, defeating or working around a safety device or interlock. ' +
  'Keep the machine stopped in a safe state and call your supervisor; this question has been escalated to them.';
