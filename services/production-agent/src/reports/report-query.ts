import { z } from 'zod';

/** The console's range selector: the hours a report view may cover. */
export const REPORT_RANGE_HOURS = [8, 24, 72, 168] as const;

/** `?site=&hours=` of the report views; the site is scoped by ReportScope, the range checked here. */
export const reportQuerySchema = z.object({
  site: z.string().min(1).max(64).optional(),
  hours: z.coerce
    .number()
    .refine((h) => (REPORT_RANGE_HOURS as readonly number[]).includes(h), {
      message: `hours must be one of ${REPORT_RANGE_HOURS.join(', ')}`,
    })
    .optional(),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;
