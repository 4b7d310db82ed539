import { z } from 'zod';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const id = z.string().regex(ID, 'letters, digits, ., - and _ only');
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const machineSchema = z.strictObject({ cell: id, name: z.string().min(1).optional() });

export const lineSchema = z.strictObject({
  /** ISA-95 area the line belongs to. */
  area: id,
  name: z.string().min(1).optional(),
  product: z.string().min(1).optional(),
  /** Units per minute at the line's ideal rate: OEE performance and schedule risk. */
  idealRatePerMinute: z.number().positive(),
  machines: z.record(id, machineSchema).default({}),
});

export const shiftSchema = z.strictObject({
  code: z.string().regex(/^[A-Z]$/, 'one capital letter'),
  /** Local wall-clock start, HH:MM. */
  start: z.string().regex(HH_MM, 'HH:MM'),
  hours: z.number().positive().max(24),
});

/** One file per site: config/plant/<site>.yaml. */
export const siteFileSchema = z
  .strictObject({
    site: z.string().min(1),
    enterprise: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone Intl knows'),
    /** Shift pattern in local time; the shifts must tile the day. */
    shifts: z.array(shiftSchema).min(1),
    lines: z.record(id, lineSchema),
  })
  .superRefine((site, ctx) => {
    const codes = site.shifts.map((s) => s.code);
    if (new Set(codes).size !== codes.length)
      ctx.addIssue({ code: 'custom', path: ['shifts'], message: `shift codes repeat (${codes.join(', ')})` });
    const hours = site.shifts.reduce((s, x) => s + x.hours, 0);
    if (hours !== 24)
      ctx.addIssue({
        code: 'custom',
        path: ['shifts'],
        message: `shifts cover ${hours} hours; they must tile the 24-hour day`,
      });
    const sorted = [...site.shifts].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    sorted.forEach((s, i) => {
      const next = sorted[(i + 1) % sorted.length] as typeof s;
      const end = (minutesOf(s.start) + s.hours * 60) % 1440;
      if (end !== minutesOf(next.start))
        ctx.addIssue({
          code: 'custom',
          path: ['shifts'],
          message: `shift ${s.code} ends at ${hhmm(end)} but the next shift (${next.code}) starts at ${next.start}`,
        });
    });
    const machineLine = new Map<string, string>();
    for (const [line, l] of Object.entries(site.lines)) {
      for (const machine of Object.keys(l.machines)) {
        const other = machineLine.get(machine);
        if (other)
          ctx.addIssue({
            code: 'custom',
            path: ['lines', line, 'machines', machine],
            message: `machine ${machine} is also on ${other}`,
          });
        machineLine.set(machine, line);
      }
    }
  });

export type SiteFile = z.infer<typeof siteFileSchema>;
export type LineFile = z.infer<typeof lineSchema>;
export type ShiftFile = z.infer<typeof shiftSchema>;

export function minutesOf(hhMm: string): number {
  const [h, m] = hhMm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
