import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// Andon never writes to OPC UA. The only code that speaks OPC UA is the session worker; this
// spec fails when it (or any other file of ingest) gains a way to change a server: a
// service that writes values, calls methods (which includes acknowledging alarms and
// ConditionRefresh), updates history or edits the address space. The int-spec proves the
// same from the other side: a real server counts the requests it receives.

const SRC = join(__dirname, '..');
const WORKER = join(__dirname, 'opcua-session.worker.mjs');

/** Client-side names of every OPC UA service that changes something on the server. */
const WRITING_SERVICES =
  /\b(write|writeSingleNode|call|callMethod|historyUpdate|addNodes|deleteNodes|addReferences|deleteReferences|acknowledge|confirm|addComment|conditionRefresh|setMonitoringMode|setTriggering|WriteRequest|CallRequest|HistoryUpdateRequest|AddNodesRequest|DeleteNodesRequest|AddReferencesRequest|DeleteReferencesRequest|performMessageTransaction)\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '__fixtures__' ? [] : sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(e.name) && !/\.(spec|int-spec)\.ts$/.test(e.name) ? [path] : [];
  });
}

/** The file's code without comments (a comment may name what the code must not do). */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('OPC UA source is read-only', () => {
  it('the session worker names no OPC UA service that writes, calls or edits the address space', () => {
    const hits = code(WORKER)
      .split('\n')
      .map((line, i) => ({ line: i + 1, text: line.trim() }))
      .filter(({ text }) => WRITING_SERVICES.test(text));
    expect(hits).toEqual([]);
  });

  it('only the session worker loads node-opcua (no second, unchecked way to a server)', () => {
    const loaders = sourceFiles(SRC)
      .filter((path) => /['"]node-opcua[\w-]*['"]/.test(code(path)))
      .map((path) => relative(SRC, path));
    expect(loaders).toEqual(['opcua-source/opcua-session.worker.mjs']);
  });

  it('the worker takes only start and stop from ingest', () => {
    const handled = [...code(WORKER).matchAll(/command\?\.type === '(\w+)'/g)].map((m) => m[1]);
    expect(handled.sort()).toEqual(['start', 'stop']);
  });

  it('the check itself catches a write (so it cannot pass vacuously)', () => {
    for (const line of [
      'await session.write({ nodeId, attributeId: 13, value })',
      'session.call(request)',
      'client.writeSingleNode(n, v)',
    ])
      expect(WRITING_SERVICES.test(line)).toBe(true);
    expect(WRITING_SERVICES.test('await session.browse({ nodeId })')).toBe(false);
  });
});
