import { api, esc, session } from '../api.js';
import { siteTime, timeTag, withUnit, zonesOf } from '../format.js';
import { evidenceHref, renderMarkdown } from '../markdown.js';
import { barChart, groupedBarChart, lineChart } from './charts.js';
import { flaggedInputBanner } from './flag.js';

// One range for every chart on the page; the server computes each chart over it.
const RANGES = [
  ['8', 'Last 8 hours'],
  ['24', 'Last 24 hours'],
  ['72', 'Last 3 days'],
  ['168', 'Last 7 days'],
];
// The chosen range survives a live refresh of the view.
let chosen = '24';

export async function renderReports(main, { hours = chosen } = {}) {
  chosen = String(hours);
  const data = await optional(`/api/reports/summary?hours=${encodeURIComponent(hours)}`);
  if (!data) {
    main.innerHTML =
      '<h1>Reports</h1><div class="card">No production reports are available from this deployment yet.</div>';
    return;
  }
  const sites = [...(data.oeeByLine ?? []).map((r) => r.site), ...(data.handoffs ?? []).map((h) => h.site)];
  // One zone for the site-wide axes: the user's first site, or the first site with data.
  const site = [...(session.user?.sites ?? []), ...sites].find((s) => s && s !== '*');
  const periods = data.periods ?? {};
  const trend = data.scrapTrend ?? [];
  const rangeText = periods.paretoFrom
    ? `${siteTime(periods.paretoFrom, site)} – ${siteTime(periods.to, site)}`
    : '';
  const oeeGroups = (data.oeeByLine ?? []).map((r) => ({
    label: `${r.site}/${r.line}`,
    values: {
      oee: pct(r.oee),
      availability: pct(r.availability),
      performance: pct(r.performance),
      quality: pct(r.quality),
    },
  }));
  const shifts = (data.oeeByLine ?? [])
    .map((r) => `${r.line}: ${siteTime(r.from, r.site)} – ${siteTime(r.to, r.site, { date: false })}`)
    .join('; ');
  main.innerHTML = `
    <h1>Production reports</h1>
    <form class="card filters" id="range-form" aria-label="Time range">
      <div><label for="range">Range of every chart</label><select id="range" name="hours">${RANGES.map(([v, l]) => `<option value="${v}" ${v === String(hours) ? 'selected' : ''}>${l}</option>`).join('')}</select></div>
      <p class="muted">Times are each plant's local time (${esc(zonesOf(sites.length ? sites : [site]))}). OEE: the latest shift of each line that ended in the range; Paretos: every shift that ended in it (${esc(rangeText)}).</p>
    </form>
    <div class="grid2">
    ${groupedBarChart(
      'OEE and its factors by line (latest shift in the range)',
      oeeGroups,
      [
        { key: 'oee', name: 'OEE' },
        { key: 'availability', name: 'Availability', short: 'Avail.' },
        { key: 'performance', name: 'Performance', short: 'Perf.' },
        { key: 'quality', name: 'Quality', short: 'Qual.' },
      ],
      {
        unit: '%',
        max: 100,
        axisLabel: 'per cent of planned time / ideal rate / units',
        caption: shifts ? `Shift per line — ${shifts}` : '',
        id: 'chart-oee',
      },
    )}
    ${lineChart(
      'Scrap rate per hour',
      trend.map((r) => ({
        label: r.bucket,
        value: r.scrapRate * 100,
        note: `${withUnit(r.units, 'units')} counted`,
      })),
      {
        unit: '%',
        axisLabel: 'scrap % of units',
        caption: trend.length
          ? `${siteTime(trend[0].bucket, site)} – ${siteTime(periods.to ?? Date.now(), site)}, hourly`
          : 'No counts in this range',
        formatX: (b) => siteTime(b, site, { date: false }),
        id: 'chart-scrap',
      },
    )}
    </div>
    <div class="grid2">
      ${barChart(
        'Downtime Pareto by reason',
        (data.downtimePareto ?? []).map((r) => ({ label: r.reason, value: r.minutes })),
        {
          unit: 'min',
          axisLabel: 'stop minutes',
          caption: `Shifts ended ${rangeText}`,
          id: 'chart-pareto-reason',
        },
      )}
      ${barChart(
        'Downtime Pareto by machine',
        (data.downtimeByMachine ?? []).map((r) => ({ label: `${r.line} ${r.machineId}`, value: r.minutes })),
        {
          unit: 'min',
          axisLabel: 'stop minutes',
          caption: `Shifts ended ${rangeText}`,
          id: 'chart-pareto-machine',
        },
      )}
    </div>
    <section class="card" aria-labelledby="handoffs-h"><h2 id="handoffs-h">Shift handoffs</h2>
      ${(data.handoffs ?? []).map(handoff).join('') || '<p>No shift has ended yet.</p>'}
    </section>`;
  main
    .querySelector('#range')
    .addEventListener('change', (e) => renderReports(main, { hours: e.target.value }));
}

function handoff(h) {
  const citations = h.citations ?? [];
  const cite = (n) => {
    const c = citations[n];
    return c ? { href: evidenceHref(c), label: c.note || c.id } : null;
  };
  return `<article class="handoff" aria-labelledby="h-${esc(h.shiftId)}">
    <h3 id="h-${esc(h.shiftId)}">${esc(h.title)}</h3>
    ${flaggedInputBanner(h.generation, 'handoff', `h-flagged-${h.shiftId}`)}
    <p class="muted">${esc(h.site)} / ${esc(h.line)} — shift ${timeTag(h.from, h.site)} to ${timeTag(h.to, h.site, { date: false })}; written ${timeTag(h.createdAt, h.site, { date: false })}</p>
    <div class="prose">${renderMarkdown(h.body, { site: h.site, cite, headingLevel: 4 })}</div>
    <details><summary>Sources (${citations.length})</summary><ol class="sources">${citations.map((c) => `<li><a href="${esc(evidenceHref(c))}">${esc(c.note || c.id)}</a> <span class="muted">${esc(c.kind)} ${esc(c.id)}${c.revision ? ` rev ${esc(c.revision)}` : ''}</span></li>`).join('')}</ol></details>
    <p><a href="#/shift-change">What changed since the last shift: review and acknowledge it (e-signature, in the ledger)</a>${h.actionId ? ` · <a href="#/actions/${encodeURIComponent(h.actionId)}">Sign the shift-log post to the MES</a>` : ''}</p>
  </article>`;
}

function pct(ratio) {
  return ratio === null || ratio === undefined ? null : Math.round(ratio * 1000) / 10;
}

export async function optional(path) {
  try {
    return await api(path);
  } catch (err) {
    if (err.status === 404) return null;
    throw err;
  }
}
