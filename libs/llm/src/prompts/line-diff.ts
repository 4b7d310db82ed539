type Op = { kind: ' ' | '-' | '+'; line: string };

/** Longest-common-subsequence line diff; prompts are small, so O(n*m) is fine. */
function diffOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const lcs = new Int32Array((n + 1) * width);
  const at = (i: number, j: number): number => lcs[i * width + j] ?? 0;
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * width + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const left = a[i];
    const right = b[j];
    if (left !== undefined && right !== undefined && left === right) {
      ops.push({ kind: ' ', line: left });
      i += 1;
      j += 1;
    } else if (left !== undefined && (right === undefined || at(i + 1, j) >= at(i, j + 1))) {
      ops.push({ kind: '-', line: left });
      i += 1;
    } else if (right !== undefined) {
      ops.push({ kind: '+', line: right });
      j += 1;
    }
  }
  return ops;
}

/** Unified-style diff with `context` lines around each change; empty string when equal. */
export function unifiedDiff(
  fromLabel: string,
  toLabel: string,
  from: string,
  to: string,
  context = 2,
): string {
  const ops = diffOps(from.split('\n'), to.split('\n'));
  if (ops.every((op) => op.kind === ' ')) return '';
  const keep = ops.map(() => false);
  ops.forEach((op, idx) => {
    if (op.kind === ' ') return;
    for (let k = Math.max(0, idx - context); k <= Math.min(ops.length - 1, idx + context); k += 1)
      keep[k] = true;
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
