import { extractText, htmlToText } from './extract-text';
import { minimalPdf } from './testing/minimal-pdf';

describe('extractText', () => {
  it('turns HTML headings and ordered lists into headings and numbered steps', () => {
    const html =
      '<h2>Reset &amp; restart</h2><p>Before you start:</p><ol><li>Close the <b>guard</b>.</li><li>Press RESET</li></ol><ul><li>note</li></ul><script>alert(1)</script>';
    expect(htmlToText(html)).toBe(
      '## Reset & restart\n\nBefore you start:\n\n1. Close the guard.\n2. Press RESET\n\n- note\n',
    );
  });

  it('extracts the text of a PDF', async () => {
    const text = await extractText(
      'pdf',
      minimalPdf(['PUMP SEALS', '1. Replace seal kit HP-2210 (two O-rings).']),
    );
    expect(text).toContain('PUMP SEALS\n1. Replace seal kit HP-2210 (two O-rings).');
  });

  it('normalises Windows line endings in text files', async () => {
    expect(await extractText('text', Buffer.from('a\r\nb\rc'))).toBe('a\nb\nc');
  });
});
