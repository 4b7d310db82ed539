/** Renders a document (Markdown, plain text or HTML with front-matter) and records its truth. */
import {
  frontMatter,
  identifiersIn,
  type CorpusFormat,
  type DocTruth,
  type WrittenFile,
} from './corpus-model';

function toHtml(markdown: string, title: string): string {
  const out: string[] = [`<html><head><title>${title}</title></head><body>`];
  let list = false;
  for (const raw of markdown.split('\n')) {
    const step = /^\d+\. (.*)$/.exec(raw);
    if (!step && list) {
      out.push('</ol>');
      list = false;
    }
    const heading = /^(#+) (.*)$/.exec(raw);
    if (heading) out.push(`<h${heading[1]?.length}>${heading[2]}</h${heading[1]?.length}>`);
    else if (step) {
      if (!list) out.push('<ol>');
      list = true;
      out.push(`  <li>${step[1]}</li>`);
    } else if (raw.startsWith('- ')) out.push(`<p>${raw.slice(2)}</p>`);
    else if (raw.trim()) out.push(`<p>${raw}</p>`);
  }
  if (list) out.push('</ol>');
  out.push('</body></html>');
  return `${out.join('\n')}\n`;
}

function toPlainText(markdown: string): string {
  return markdown.replace(/^#+ (.*)$/gm, (_, h: string) => h.toUpperCase());
}

export class Writer {
  readonly files: WrittenFile[] = [];
  readonly truths: DocTruth[] = [];

  add(
    t: Omit<DocTruth, 'key' | 'path' | 'identifiers' | 'classification'>,
    title: string,
    body: string,
    format: CorpusFormat,
    classification: DocTruth['classification'],
    owner: string,
  ): void {
    const folder = t.site || 'enterprise';
    const path = `${folder}/${t.documentId.toLowerCase()}-rev-${t.revision.toLowerCase()}.${format}`;
    const truth: DocTruth = {
      ...t,
      classification,
      key: `${t.documentId}@${t.revision}`,
      path,
      identifiers: identifiersIn(`${title}\n${body}`),
    };
    const content = format === 'html' ? toHtml(body, title) : format === 'txt' ? toPlainText(body) : body;
    this.files.push({ path, content: frontMatter(truth, title, owner) + content });
    this.truths.push(truth);
  }
}
