import { chunkText } from './chunker';

const SOP = `# Clearing a jam

## Purpose
Safe removal of a part jam on a molding press.

## Procedure
1. Press the cycle stop and wait for the platen to stop.
2. Apply lockout/tagout at the main disconnect:
   - hydraulic pump off
   - accumulator pressure below 5 bar

   Note: verify zero energy with the test button.
3. Open the guard and remove the jammed part with the brass hook.
4. Close the guard and reset alarm A-400.

## Records
Log the jam in the shift book.
`;

describe('chunkText', () => {
  it('keeps sections apart and records the heading path', () => {
    const chunks = chunkText(SOP);
    expect(chunks.map((c) => c.section)).toEqual([
      'Clearing a jam > Purpose',
      'Clearing a jam > Procedure',
      'Clearing a jam > Records',
    ]);
    expect(chunks[1]?.text.startsWith('## Procedure\n1. Press the cycle stop')).toBe(true);
  });

  it('reports offsets that slice exactly the chunk text out of the document', () => {
    for (const c of chunkText(SOP)) expect(SOP.slice(c.start, c.end)).toBe(c.text);
  });

  it('never splits a numbered step, sub-items and indented notes included', () => {
    const chunks = chunkText(SOP, { maxChars: 120 });
    const procedure = chunks.filter((c) => c.section.endsWith('Procedure'));
    expect(procedure.length).toBeGreaterThan(1);
    const step2 = procedure.find((c) => c.text.includes('2. Apply lockout'));
    expect(step2?.text).toContain('accumulator pressure below 5 bar');
    expect(step2?.text).toContain('Note: verify zero energy');
    // Every step starts a line in exactly one chunk.
    for (const n of [1, 2, 3, 4])
      expect(procedure.filter((c) => new RegExp(`(^|\\n)${n}\\. `).test(c.text))).toHaveLength(1);
  });

  it('keeps a single step longer than the limit whole', () => {
    const long = `## Steps\n1. ${'Check the seal. '.repeat(20)}\n2. Restart.\n`;
    const chunks = chunkText(long, { maxChars: 100 });
    expect(chunks[0]?.text).toContain(`1. ${'Check the seal. '.repeat(20).trim()}`);
    expect(chunks[1]?.text).toBe('2. Restart.');
  });

  it('splits over-long prose at sentence ends', () => {
    const prose = `## History\n${'The press ran without faults for a month. '.repeat(10)}`;
    const chunks = chunkText(prose, { maxChars: 150 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks.slice(0, -1)) expect(c.text.endsWith('.')).toBe(true);
  });

  it('finds ALL-CAPS and underlined headings in plain text only when asked', () => {
    const text = 'PRESSURE LOSS\nCheck the accumulator.\n\nRecovery\n--------\n1. Refill to 120 bar.\n';
    expect(chunkText(text, { plainTextHeadings: true }).map((c) => c.section)).toEqual([
      'PRESSURE LOSS',
      'Recovery',
    ]);
    // Without markup-free headings it is one untitled section, packed into one chunk.
    expect(chunkText(text).map((c) => c.section)).toEqual(['']);
  });
});
