/** The week window at the edge: its query parameters, its place in answers, and its 422. */
import { z } from '@hono/zod-openapi';
import { invalid } from '../http/errors.js';
import { DEFAULT_WINDOW_WEEKS, weekWindow, windowProblem, type WeekWindow } from './window.js';

export const DateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real calendar date')
  .openapi({ example: '2026-09-07' });

export const WindowQuery = z.object({
  from: DateParam.optional().openapi({
    description: 'First week (snapped to its Monday); default 12 weeks ago',
  }),
  to: DateParam.optional().openapi({
    description: 'Last week (the week holding this date); default this week',
  }),
});

/** The window an aggregate answer covers (after clamping to published weeks). */
export const WindowSchema = z
  .object({ from: z.string(), to: z.string(), weeks: z.number().int() })
  .openapi('WeekWindow');

/** The request's window; a 422 naming `from` when it runs backwards or spans too many weeks. */
export function requestedWindow(
  q: { from?: string | undefined; to?: string | undefined },
  now = new Date(),
  defaultWeeks = DEFAULT_WINDOW_WEEKS,
): WeekWindow {
  const window = weekWindow(q, now, defaultWeeks);
  const problem = windowProblem(window);
  if (problem) throw invalid({ from: problem });
  return window;
}
