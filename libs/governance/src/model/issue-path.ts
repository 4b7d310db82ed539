/** Renders a zod issue path the way a person would write it: rules[0].require.approvers */
export function formatIssuePath(root: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}${acc ? '.' : ''}${String(part)}`),
    root,
  );
}
