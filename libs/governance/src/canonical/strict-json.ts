/**
 * Problems that make one JSON text mean different things to different readers: a key that
 * appears twice in one object (readers keep the first, the last, or refuse) and an integer
 * beyond 2^53 (a JavaScript reader rounds it; the MES may not). The console shows a
 * parsed copy while the MES receives the bytes, so such a payload could show an approver
 * one lot and send another: it is refused at intake. Assumes `text` is otherwise valid JSON.
 */
export function ambiguousJsonProblems(text: string): string[] {
  const problems: string[] = [];
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i += 1;
  };
  const string = (): string => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const number = (path: string): void => {
    const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    const literal = match?.[0] ?? '';
    i += Math.max(literal.length, 1);
    if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
      problems.push(
        `${path || '(root)'}: integer ${literal} is beyond 2^53 and would be rounded by some readers; send it as a string`,
      );
    }
  };
  const value = (path: string): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i += 1;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        const key = string();
        if (seen.has(key))
          problems.push(`${path ? `${path}.` : ''}${key}: the key appears twice in one object`);
        seen.add(key);
        ws();
        i += 1; // ':'
        value(path ? `${path}.${key}` : key);
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        i += 1; // '}'
        return;
      }
    }
    if (c === '[') {
      i += 1;
      ws();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let n = 0; ; n += 1) {
        value(`${path}[${n}]`);
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        i += 1; // ']'
        return;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      number(path);
      return;
    }
    // true, false, null
    while (i < text.length && /[a-z]/.test(text[i] as string)) i += 1;
  };
  value('');
  return problems;
}
