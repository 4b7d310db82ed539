import { esc } from '../api.js';

/** Horizontal bar chart as accessible inline SVG (title + a data table fallback). */
export function barChart(title, rows, { unit = '', max } = {}) {
  const top = max ?? Math.max(1, ...rows.map((r) => r.value));
  const h = 22 * rows.length + 10;
  const bars = rows.map((r, i) => {
    const w = Math.max(1, Math.round((r.value / top) * 300));
    return `<text x="0" y="${i * 22 + 16}">${esc(r.label)}</text><rect x="130" y="${i * 22 + 4}" width="${w}" height="16" fill="#0b5cad"></rect><text x="${136 + w}" y="${i * 22 + 16}">${esc(fmt(r.value))}${esc(unit)}</text>`;
  }).join('');
  return figure(title, `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 520 ${h}" width="100%">${bars}</svg>`, rows, unit);
}

/** Line chart of a series of {label, value}. */
export function lineChart(title, rows, { unit = '' } = {}) {
  const top = Math.max(1e-9, ...rows.map((r) => r.value));
  const step = rows.length > 1 ? 480 / (rows.length - 1) : 0;
  const pts = rows.map((r, i) => `${20 + i * step},${150 - (r.value / top) * 130}`).join(' ');
  return figure(title, `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 520 170" width="100%"><polyline fill="none" stroke="#cf222e" stroke-width="2" points="${pts}"></polyline><line x1="20" y1="150" x2="500" y2="150" stroke="#d0d7de"></line></svg>`, rows, unit);
}

function figure(title, svg, rows, unit) {
  return `<figure class="card"><figcaption><strong>${esc(title)}</strong></figcaption>${svg}
    <details><summary>Data table</summary><table><tbody>${rows.map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${esc(fmt(r.value))}${esc(unit)}</td></tr>`).join('')}</tbody></table></details></figure>`;
}

function fmt(v) {
  return typeof v === 'number' ? (Math.abs(v) < 10 ? v.toFixed(2) : Math.round(v).toString()) : String(v);
}
