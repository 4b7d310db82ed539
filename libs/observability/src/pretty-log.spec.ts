import { formatPrettyLine, resolveLogFormat } from './pretty-log';

describe('pretty log lines', () => {
  it('turns one JSON record into one line: time, level, who, message, the other fields', () => {
    const json = JSON.stringify({
      level: 40,
      time: '2026-12-06T18:02:11.000Z',
      name: 'andon',
      service: 'ingest',
      reason: 'missing_site',
      source: 'andon.raw.mes.v1/5/883',
      msg: 'dead letter: missing_site',
    });
    const line = formatPrettyLine(json, false);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd().split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^\d{2}:\d{2}:\d{2} WARN {2}ingest\s+dead letter: missing_site {2}reason=missing_site source=andon\.raw\.mes\.v1\/5\/883$/m,
    );
    expect(line).not.toMatch(/"level"|\{/);
  });

  it('adds an error message, quotes values with spaces and leaves non-JSON as it is', () => {
    const line = formatPrettyLine(
      JSON.stringify({
        level: 50,
        time: 0,
        name: 'andon',
        msg: 'failed',
        err: { message: 'boom', stack: 'x' },
        detail: 'two words',
      }),
      false,
    );
    expect(line).toContain('ERROR');
    expect(line).toContain('failed: boom');
    expect(line).toContain('detail="two words"');
    expect(formatPrettyLine('plain text', false)).toBe('plain text\n');
  });

  it('colours only when asked', () => {
    expect(formatPrettyLine(JSON.stringify({ level: 30, time: 0, msg: 'x' }), true)).toContain('\u001b[');
  });

  it('is pretty in a terminal and JSON elsewhere unless told', () => {
    expect(resolveLogFormat(undefined, true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });
});
