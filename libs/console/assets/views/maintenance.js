import { esc, session } from '../api.js';
import { timeTag, withUnit, zonesOf } from '../format.js';
import { barChart } from './charts.js';
import { optional } from './reports.js';

export const MAINTENANCE_RANGES = [
  ['24', 'Last 24 hours'],
  ['72', 'Last 3 days'],
  ['168', 'Last 7 days'],
];

/**
 * The maintenance planner's view: open maintenance work orders, and MTBF / MTTR per
 * machine over the chosen range (the definitions of @andon/plant-metrics, computed by the
 * production agent from plant events).
 */
// The chosen range survives a live refresh of the view.
let chosen = '168';

export async function renderMaintenance(main, { hours = chosen } = {}) {
  chosen = String(hours);
  const data = await optional(`/api/reports/maintenance?hours=${encodeURIComponent(hours)}`);
  if (!data) {
    main.innerHTML =
      '<h1>Maintenance</h1><div class="card">No maintenance figures are available from this deployment yet.</div>';
    return;
  }
  const machines = data.machines ?? [];
  const orders = data.openWorkOrders ?? [];
  const sites = [
    ...machines.map((m) => m.site),
    ...orders.map((o) => o.site),
    ...(session.user?.sites ?? []),
  ].filter((s) => s && s !== '*');
  const site = sites[0];
  // Line and machine: machine ids are unique in the plant; the site is in the table.
  const label = (m) => `${m.line} ${m.machineId}`;
  const failing = machines.filter((m) => m.failures > 0);
  main.innerHTML = `
    <h1>Maintenance</h1>
    <form class="card filters" id="maint-range-form" aria-label="Time range">
      <div><label for="maint-range">Range of every chart and table</label><select id="maint-range" name="hours">${MAINTENANCE_RANGES.map(([v, l]) => `<option value="${v}" ${v === String(hours) ? 'selected' : ''}>${l}</option>`).join('')}</select></div>
      <p class="muted">${timeTag(data.window.from, site)} – ${timeTag(data.window.to, site)}; times are each plant's local time (${esc(zonesOf(sites))}). The range starts no earlier than the first plant event the agent holds. Failures are stops with a mechanical or electrical failure reason.</p>
    </form>
    <div class="grid2">
      ${barChart(
        'MTBF per machine',
        failing.map((m) => ({ label: label(m), value: m.mtbfMinutes / 60 })),
        {
          unit: 'h',
          axisLabel: 'mean hours between failures',
          caption: 'Uptime in the range / failures that started in it',
          id: 'chart-mtbf',
        },
      )}
      ${barChart(
        'MTTR per machine',
        failing.filter((m) => m.mttrMinutes !== null).map((m) => ({ label: label(m), value: m.mttrMinutes })),
        {
          unit: 'min',
          axisLabel: 'mean minutes to repair',
          caption: 'Finished repairs of failures that started in the range',
          id: 'chart-mttr',
        },
      )}
    </div>
    <section class="card" aria-labelledby="machines-h">
      <h2 id="machines-h">Machines</h2>
      <div class="table-scroll"><table id="machines">
        <caption class="sr-only">Reliability per machine in the range</caption>
        <thead><tr><th scope="col">Machine</th><th scope="col">MTBF</th><th scope="col">MTTR</th><th scope="col">Failures</th><th scope="col">Repairs running</th><th scope="col">Stop time</th><th scope="col">Open work orders</th></tr></thead>
        <tbody>${machines.map((m) => `<tr data-machine="${esc(m.machineId)}"><th scope="row">${esc(`${m.site}/${label(m)}`)}</th><td>${m.mtbfMinutes === null ? 'no failure' : esc(withUnit(m.mtbfMinutes / 60, 'h', 1))}</td><td>${m.mttrMinutes === null ? 'n/a' : esc(withUnit(m.mttrMinutes, 'min'))}</td><td>${esc(m.failures)}</td><td>${esc(m.repairsOpen)}</td><td>${esc(withUnit(m.stopMinutes, 'min'))}</td><td>${esc(m.openWorkOrders)}</td></tr>`).join('') || '<tr><td colspan="7">No stops or work orders in this range.</td></tr>'}</tbody>
      </table></div>
    </section>
    <section class="card" aria-labelledby="orders-h">
      <h2 id="orders-h">Open work orders</h2>
      <div class="table-scroll"><table id="work-orders">
        <caption class="sr-only">Maintenance work orders not completed or cancelled</caption>
        <thead><tr><th scope="col">Work order</th><th scope="col">Machine</th><th scope="col">State</th><th scope="col">Description</th><th scope="col">Opened</th><th scope="col">Last update</th></tr></thead>
        <tbody>${orders.map((o) => `<tr><th scope="row"><a href="#/records/${encodeURIComponent(o.eventId)}">${esc(o.workOrderId)}</a></th><td>${esc(`${o.site}/${o.line} ${o.machineId}`)}</td><td>${esc(o.state.replace(/_/g, ' '))}</td><td>${esc(o.text)}${o.parts ? `<br><span class="muted">parts ${esc(o.parts)}</span>` : ''}</td><td>${timeTag(o.openedAt, o.site)}</td><td>${timeTag(o.updatedAt, o.site)}</td></tr>`).join('') || '<tr><td colspan="6">No open work orders.</td></tr>'}</tbody>
      </table></div>
    </section>`;
  main
    .querySelector('#maint-range')
    .addEventListener('change', (e) => renderMaintenance(main, { hours: e.target.value }));
}
