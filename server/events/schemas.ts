/** Request and response shapes of the network events routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../http/pagination.js';

const Text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const EventFields = {
  title: Text(200).min(1, 'is required'),
  description: Text(4000).optional(),
  startsAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  endsAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }),
  place: Text(300).min(1, 'is required'),
  locationId: z.string().uuid().nullable().optional(),
};
export const EventCreate = z
  .strictObject({ ...EventFields, organisationId: z.string().uuid().nullable().optional() })
  .openapi('EventCreate');
export const EventPatch = z.strictObject(EventFields).partial().openapi('EventPatch');
export const EventView = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    organisationId: z.string().nullable(),
    organisationName: z.string().nullable(),
    startsAt: z.string(),
    endsAt: z.string(),
    place: z.string(),
    locationId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    going: z.boolean().openapi({ description: 'The reader said "I\'ll come"' }),
    comingCount: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "How many said they will come: only for the event's organisers" }),
  })
  .openapi('NetworkEvent');
export const Attendance = z.object({
  going: z.boolean(),
  comingCount: z.number().int().nullable(),
});
export const ListQuery = PageQuery.extend({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Events still running at or after this time (default: now)' }),
});

export type NetworkEvent = z.infer<typeof EventView>;
