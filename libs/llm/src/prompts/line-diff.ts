type Op = { kind: ' ' | '-' | '+'; line: string };

/** Longest-common-subsequence line diff; prompts are small, so O(n*m) is fine. */
function diffOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i += 1;
      j += 1;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      ops.push({ kind: '-', line: a[i]! });
      i += 1;
    } else {
      ops.push({ kind: '+', line: b[j]! });
      j += 1;
    }
  }
  while (i < n) ops.push({ kind: '-', line: a[i++]! });
  while (j < m) ops.push({ kind: '+', line: b[j++]! });
  return ops;
}

/** Unified-style diff with `context` lines around each change; empty string when equal. */
export function unifiedDiff(fromLabel: string, toLabel: string, from: string, to: string, context = 2): string {
  const ops = diffOps(from.split('\n'), to.split('\n'));
  if (ops.every((op) => op.kind === ' ')) return '';
  const keep = ops.map(() => false);
  ops.forEach((op, idx) => {
    if (op.kind === ' ') return;
    for (let k = Math.max(0, idx - context); k <= Math.min(ops.length - 1, idx + context); k += 1) keep[k] = true;
  });
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  let inHunk = false;
  ops.forEach((op, idx) => {
    if (!keep[idx]) {
      inHunk = false;
      return;
    }
    if (!inHunk) out.push('@@');
    inHunk = true;
    out.push(`${op.kind}${op.line}`);
  });
  return out.join('\n');
}
