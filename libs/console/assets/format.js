// Formatting a supervisor can read: the plant's local time with its zone named, numbers
// with units, nouns that agree with their counts.
let zones = {};

/** Loads the site time zones once (public console configuration). */
export async function loadConsoleConfig() {
  try {
    const res = await fetch('/console/config.json');
    if (res.ok) zones = (await res.json()).siteTimeZones ?? {};
  } catch {
    zones = {};
  }
}

export function zoneOf(site) {
  return zones[site] ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "CET", "EST": the zone's usual abbreviation (en-GB knows Europe's, en-US America's), else "GMT+1". */
export function zoneName(d, zone) {
  let fallback = '';
  for (const locale of ['en-GB', 'en-US']) {
    const part =
      new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
        .formatToParts(d)
        .find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (part && !/^(GMT|UTC)[+-]/.test(part)) return part;
    fallback ||= part;
  }
  return fallback;
}

/** "Sun 6 Dec, 16:17 CET" in the site's zone (the browser's zone when the site is unknown). */
export function siteTime(value, site, { seconds = false, date = true } = {}) {
  if (value === null || value === undefined || value === '') return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const zone = zoneOf(site);
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    ...(date ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(d);
  return `${text} ${zoneName(d, zone)}`;
}

/** "plant-a: Europe/Berlin, plant-b: America/New_York" for the sites a view covers. */
export function zonesOf(sites) {
  const known = [...new Set(sites)].filter((s) => zones[s]);
  return known.length
    ? known.map((s) => `${s}: ${zones[s]}`).join(', ')
    : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** A <time> element: local text, the exact instant in the machine-readable attribute and the tooltip. */
export function timeTag(value, site, options) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return escapeText(String(value));
  return `<time datetime="${d.toISOString()}" title="${d.toISOString()} (${escapeText(zoneOf(site))})">${escapeText(siteTime(d, site, options))}</time>`;
}

/** "1 quality event", "3 quality events". */
export function plural(n, noun, pluralNoun = `${noun}s`) {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}

/** A number with its unit, rounded for reading: 12.3 %, 45 min, 1 234 units. */
export function withUnit(value, unit = '', digits) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  const d = digits ?? (Math.abs(value) < 10 ? 1 : 0);
  const n = new Intl.NumberFormat('en-GB', { maximumFractionDigits: d, minimumFractionDigits: 0 }).format(
    value,
  );
  return unit ? `${n} ${unit}` : n;
}

/** A 0..1 ratio as a percentage. */
export function percent(ratio, digits = 1) {
  return ratio === null || ratio === undefined ? 'n/a' : withUnit(ratio * 100, '%', digits);
}

function escapeText(value) {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}
