// A small, safe Markdown renderer for what the agents write (headings, bold, lists,
// tables, code): every text is escaped before any markup is added, nothing is taken as
// HTML. Citations [S0], [S1]... become links to what they cite, and ISO timestamps
// become the site's local time with its zone.
import { timeTag } from './format.js';

const INLINE =
  /(\*\*[^*\n]+\*\*)|(`[^`\n]+`)|(\[(S\d+(?:,\s*S\d+)*)\])|(\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)|(\b[a-z]{2}-[a-z]+(?:-[a-z]+)?-[0-9a-f]{40}\b)/g;

function escapeHtml(value) {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

/**
 * @param {string} text Markdown from an agent.
 * @param {{ site?: string, cite?: (n: number) => ({ href: string, label: string } | null), headingLevel?: number }} options
 *   cite maps a citation number to the link of the cited event, record or document revision.
 */
export function renderMarkdown(text, options = {}) {
  const lines = String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const base = options.headingLevel ?? 3;
  const out = [];
  let paragraph = [];
  let list = null;
  let table = null;
  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p>${paragraph.map((l) => inline(l, options)).join(' ')}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (list) {
      const item = (i) =>
        `<li>${inline(i.text, options)}${i.subs.length ? `<ul>${i.subs.map((t) => `<li>${inline(t, options)}</li>`).join('')}</ul>` : ''}</li>`;
      out.push(
        `<${list.tag}${list.start && list.start !== 1 ? ` start="${list.start}"` : ''}>${list.items.map(item).join('')}</${list.tag}>`,
      );
    }
    list = null;
  };
  const flushTable = () => {
    if (table) {
      const [head, ...body] = table.filter((row) => !row.every((c) => /^:?-{3,}:?$/.test(c)));
      out.push(
        `<div class="table-scroll"><table><thead><tr>${(head ?? []).map((c) => `<th scope="col">${inline(c, options)}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c, options)}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`,
      );
    }
    table = null;
  };
  const flushAll = () => {
    flushParagraph();
    flushList();
    flushTable();
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const boldHeading = /^\*\*([^*]+)\*\*:?$/.exec(line.trim());
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d+)[.)]\s+(.*)$/.exec(line);
    if (line.trim() === '') {
      flushAll();
    } else if (heading) {
      flushAll();
      const level = Math.min(6, base + heading[1].length - 1);
      out.push(`<h${level}>${inline(heading[2], options)}</h${level}>`);
    } else if (boldHeading) {
      flushAll();
      out.push(`<h${Math.min(6, base + 1)}>${inline(boldHeading[1], options)}</h${Math.min(6, base + 1)}>`);
    } else if (/^\s*\|.*\|\s*$/.test(line)) {
      flushParagraph();
      flushList();
      table = table ?? [];
      table.push(
        line
          .trim()
          .slice(1, -1)
          .split('|')
          .map((c) => c.trim()),
      );
    } else if (bullet && list && list.tag === 'ol' && /^\s{2,}/.test(raw)) {
      // An indented bullet under a numbered step is part of that step ("- If a pin is bent, stop").
      list.items[list.items.length - 1].subs.push(bullet[1]);
    } else if (bullet || numbered) {
      flushParagraph();
      flushTable();
      const tag = bullet ? 'ul' : 'ol';
      if (!list || list.tag !== tag) {
        flushList();
        list = { tag, items: [], start: numbered ? Number(numbered[1]) : undefined };
      }
      list.items.push({ text: bullet ? bullet[1] : numbered[2], subs: [] });
    } else if (list && /^\s{2,}\S/.test(raw)) {
      // A continuation line of the last list item.
      list.items[list.items.length - 1].text += ` ${line.trim()}`;
    } else {
      flushList();
      flushTable();
      paragraph.push(line.trim());
    }
  }
  flushAll();
  return out.join('\n');
}

function inline(text, options) {
  let html = '';
  let last = 0;
  for (const m of String(text).matchAll(INLINE)) {
    html += escapeHtml(text.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    if (m[1]) html += `<strong>${inline(m[1].slice(2, -2), options)}</strong>`;
    else if (m[2]) html += `<code>${escapeHtml(m[2].slice(1, -1))}</code>`;
    else if (m[3])
      html += m[4]
        .split(/,\s*/)
        .map((c) => citation(Number(c.slice(1)), options))
        .join('');
    else if (m[5]) html += timeTag(m[5], options.site, { date: true });
    // An agent's action id: a link to the action, shortened for reading (the full id in the title).
    else if (m[6])
      html += `<a href="#/actions/${encodeURIComponent(m[6])}" title="${escapeHtml(m[6])}">${escapeHtml(m[6].slice(0, m[6].length - 32))}…</a>`;
  }
  return html + escapeHtml(text.slice(last));
}

function citation(n, options) {
  const target = options.cite ? options.cite(n) : null;
  if (!target) return `<sup class="cite muted">[S${n}]</sup>`;
  // Agents cite from S0 (their trigger); readers count sources from 1. Ask labels start at S1 (offset 0).
  const shown = n + (options.offset ?? 1);
  return `<sup class="cite"><a href="${escapeHtml(target.href)}" aria-label="Source ${shown}: ${escapeHtml(target.label)}" title="${escapeHtml(target.label)}">[${shown}]</a></sup>`;
}

/** The console link of one piece of evidence: a document revision, an action, or a plant event. */
export function evidenceHref(e) {
  const kind = String(e.kind ?? '').toLowerCase();
  if (kind.includes('document'))
    return `#/documents/${encodeURIComponent(e.id)}/${encodeURIComponent(e.revision ?? '')}`;
  if (kind.endsWith('record') && /^[a-z]{2}-[a-z-]+-[0-9a-f]{40}$/.test(e.id))
    return `#/actions/${encodeURIComponent(e.id)}`;
  return `#/records/${encodeURIComponent(e.id)}`;
}
