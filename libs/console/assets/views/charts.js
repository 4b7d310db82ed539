import { esc } from '../api.js';
import { withUnit } from '../format.js';

// Accessible inline-SVG charts: axes with ticks and units, every value in a <title>
// (read by screen readers), shown at once beside the pointer on hover or on a tap (a tablet
// has no hover), and the same numbers in a data table. Why no charting library: ADR 0019.
const W = 560;
const LEFT = 140;
const RIGHT = 60;
const COLORS = ['#0b5cad', '#1a7f37', '#9a6700', '#8250df'];

function ticks(max, count = 4) {
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? raw;
  const top = Math.max(step, Math.ceil(max / step) * step);
  const out = [];
  for (let v = 0; v <= top + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000);
  return { top, values: out };
}

function xAxis(scale, y, unit, axisLabel) {
  const { top, values } = scale;
  const plot = W - LEFT - RIGHT;
  return `<g class="axis" aria-hidden="true"><line x1="${LEFT}" y1="${y}" x2="${LEFT + plot}" y2="${y}" stroke="#57606a"></line>${values
    .map((v) => {
      const x = LEFT + (v / top) * plot;
      return `<line x1="${x}" y1="${y}" x2="${x}" y2="${y + 4}" stroke="#57606a"></line><text x="${x}" y="${y + 16}" text-anchor="middle">${esc(withUnit(v, '', 1))}</text>`;
    })
    .join(
      '',
    )}<text x="${LEFT + plot / 2}" y="${y + 32}" text-anchor="middle" class="axis-label">${esc(axisLabel ?? unit)}</text></g>`;
}

/** Horizontal bars; one row per label. */
export function barChart(title, rows, { unit = '', max, axisLabel, caption = '', id } = {}) {
  const scale = ticks(max ?? Math.max(1, ...rows.map((r) => r.value ?? 0)));
  const plot = W - LEFT - RIGHT;
  const h = 24 * rows.length + 8;
  const bars = rows
    .map((r, i) => {
      const w = Math.max(1, Math.round(((r.value ?? 0) / scale.top) * plot));
      const text = `${r.label}: ${withUnit(r.value, unit)}`;
      return `<g data-tip="${esc(text)}"><title>${esc(text)}</title><text x="${LEFT - 6}" y="${i * 24 + 20}" text-anchor="end">${esc(short(r.label))}</text><rect x="${LEFT}" y="${i * 24 + 6}" width="${w}" height="18" fill="${COLORS[0]}"></rect><text x="${LEFT + w + 4}" y="${i * 24 + 20}">${esc(withUnit(r.value, unit))}</text></g>`;
    })
    .join('');
  const svg = rows.length
    ? `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${h + 40}" width="100%">${bars}${xAxis(scale, h, unit, axisLabel)}</svg>`
    : '<p class="muted">No data in this period.</p>';
  return figure(
    title,
    svg,
    caption,
    [['', unit ? `Value (${unit})` : 'Value']],
    rows.map((r) => [r.label, withUnit(r.value, unit)]),
    id,
  );
}

/** Grouped horizontal bars: per group (a line), one bar per series (OEE, availability, ...). */
export function groupedBarChart(title, groups, series, { unit = '', max, axisLabel, caption = '', id } = {}) {
  const scale = ticks(max ?? Math.max(1, ...groups.flatMap((g) => series.map((s) => g.values[s.key] ?? 0))));
  const plot = W - LEFT - RIGHT;
  const rowH = 16;
  const groupH = series.length * rowH + 12;
  const h = groupH * groups.length + 4;
  const body = groups
    .map((g, gi) => {
      const y0 = gi * groupH + 4;
      return `<text x="${LEFT - 6}" y="${y0 + 12}" text-anchor="end" font-weight="600">${esc(short(g.label))}</text>${series
        .map((s, si) => {
          const v = g.values[s.key];
          const w = v === null || v === undefined ? 0 : Math.max(1, Math.round((v / scale.top) * plot));
          return `<g data-tip="${esc(`${g.label} ${s.name}: ${withUnit(v, unit)}`)}"><title>${esc(`${g.label} ${s.name}: ${withUnit(v, unit)}`)}</title><text x="${LEFT - 6}" y="${y0 + si * rowH + 26}" text-anchor="end" class="muted">${esc(s.short ?? s.name)}</text><rect x="${LEFT}" y="${y0 + si * rowH + 15}" width="${w}" height="${rowH - 3}" fill="${COLORS[si % COLORS.length]}"></rect><text x="${LEFT + w + 4}" y="${y0 + si * rowH + 26}">${esc(withUnit(v, unit))}</text></g>`;
        })
        .join('')}`;
    })
    .join('');
  const legend = `<p class="legend">${series.map((s, i) => `<span><i style="background:${COLORS[i % COLORS.length]}"></i>${esc(s.name)}</span>`).join(' ')}</p>`;
  const svg = groups.length
    ? `${legend}<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${h + series.length * 0 + 40}" width="100%">${body}${xAxis(scale, h, unit, axisLabel)}</svg>`
    : '<p class="muted">No data in this period.</p>';
  return figure(
    title,
    svg,
    caption,
    [['', ...series.map((s) => `${s.name} (${unit})`)]],
    groups.map((g) => [g.label, ...series.map((s) => withUnit(g.values[s.key], unit))]),
    id,
  );
}

/** A time series: y axis with unit, x axis in the site's local time, a point per value. */
export function lineChart(title, rows, { unit = '', axisLabel, caption = '', formatX = (x) => x, id } = {}) {
  const scale = ticks(Math.max(1e-9, ...rows.map((r) => r.value)));
  const left = 56;
  const plotW = W - left - 44;
  const plotH = 150;
  const x = (i) => left + (rows.length > 1 ? (i / (rows.length - 1)) * plotW : plotW / 2);
  const y = (v) => 10 + plotH - (v / scale.top) * plotH;
  const pts = rows.map((r, i) => `${x(i)},${y(r.value)}`).join(' ');
  const every = Math.max(1, Math.ceil(rows.length / 6));
  const yTicks = scale.values
    .map(
      (v) =>
        `<line x1="${left - 4}" y1="${y(v)}" x2="${left + plotW}" y2="${y(v)}" stroke="#eaeef2"></line><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${esc(withUnit(v, '', 1))}</text>`,
    )
    .join('');
  const xTicks = rows
    .map((r, i) =>
      i % every === 0 || i === rows.length - 1
        ? `<text x="${x(i)}" y="${plotH + 28}" text-anchor="middle">${esc(formatX(r.label))}</text>`
        : '',
    )
    .join('');
  const tip = (r) => `${formatX(r.label)}: ${withUnit(r.value, unit)}${r.note ? ` (${r.note})` : ''}`;
  // A wider transparent target around each point, so a finger on a tablet can hit it.
  const points = rows
    .map(
      (r, i) =>
        `<g data-tip="${esc(tip(r))}"><title>${esc(tip(r))}</title><circle cx="${x(i)}" cy="${y(r.value)}" r="10" fill="transparent"></circle><circle cx="${x(i)}" cy="${y(r.value)}" r="4" fill="#cf222e"></circle></g>`,
    )
    .join('');
  const svg = rows.length
    ? `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${plotH + 62}" width="100%"><g aria-hidden="true">${yTicks}<line x1="${left}" y1="${10 + plotH}" x2="${left + plotW}" y2="${10 + plotH}" stroke="#57606a"></line><line x1="${left}" y1="10" x2="${left}" y2="${10 + plotH}" stroke="#57606a"></line>${xTicks}<text x="12" y="${10 + plotH / 2}" transform="rotate(-90 12 ${10 + plotH / 2})" text-anchor="middle" class="axis-label">${esc(axisLabel ?? unit)}</text></g><polyline fill="none" stroke="#cf222e" stroke-width="2" points="${pts}"></polyline>${points}</svg>`
    : '<p class="muted">No data in this period.</p>';
  return figure(
    title,
    svg,
    caption,
    [['Time', unit ? `Value (${unit})` : 'Value']],
    rows.map((r) => [formatX(r.label), `${withUnit(r.value, unit)}${r.note ? ` (${r.note})` : ''}`]),
    id,
  );
}

function figure(title, svg, caption, head, rows, id) {
  return `<figure class="card chart"${id ? ` id="${esc(id)}"` : ''}><figcaption><strong>${esc(title)}</strong>${caption ? `<br><span class="muted">${esc(caption)}</span>` : ''}</figcaption>${svg}
    <details><summary>Data table</summary><div class="table-scroll"><table><caption class="sr-only">${esc(title)}</caption><thead><tr>${head[0].map((h, i) => `<th scope="col">${esc(h || (i === 0 ? 'Item' : ''))}</th>`).join('')}</tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr><th scope="row">${esc(r[0])}</th>${r
            .slice(1)
            .map((c) => `<td>${esc(c)}</td>`)
            .join('')}</tr>`,
      )
      .join('')}</tbody></table></div></details></figure>`;
}

function short(label) {
  const s = String(label ?? '').replace(/_/g, ' ');
  return s.length > 22 ? `${s.slice(0, 21)}…` : s;
}

// One tooltip for every chart: the value under the pointer or finger, beside it.
function showTip(event) {
  const target = event.target instanceof Element ? event.target.closest('[data-tip]') : null;
  let tip = document.getElementById('chart-tip');
  if (!target) {
    if (tip) tip.hidden = true;
    return;
  }
  if (!tip) {
    tip = document.createElement('div');
    tip.id = 'chart-tip';
    // The same text is in the SVG <title> and the data table; the bubble is for the eye only.
    tip.setAttribute('aria-hidden', 'true');
    document.body.append(tip);
  }
  tip.textContent = target.getAttribute('data-tip');
  tip.hidden = false;
  tip.style.left = `${Math.min(event.clientX + 12, window.innerWidth - 260)}px`;
  tip.style.top = `${event.clientY + 14}px`;
}
if (typeof document !== 'undefined') {
  document.addEventListener('pointermove', showTip);
  document.addEventListener('pointerdown', showTip);
}
