import { z } from 'zod';
import { parseStructuredOutput } from './output-parser';

describe('parseStructuredOutput', () => {
  const schema = z.object({ severity: z.enum(['minor', 'major']), summary: z.string() });

  it('accepts fenced JSON with prose around it', () => {
    const out = parseStructuredOutput(
      'Here you go:\n```json\n{"severity":"major","summary":"x"}\n```',
      schema,
    );
    expect(out).toMatchObject({ ok: true, value: { severity: 'major', summary: 'x' } });
  });

  it('reports invalid JSON and schema violations', () => {
    expect(parseStructuredOutput('{"severity": "major", ', schema)).toMatchObject({
      ok: false,
      check: { name: 'schema', passed: false },
    });
    const bad = parseStructuredOutput('{"severity":"catastrophic","summary":1}', schema);
    expect(bad.ok).toBe(false);
    expect(bad.check.details.join(' ')).toMatch(/severity/);
    expect(bad.check.details.join(' ')).toMatch(/summary/);
  });
});
