import { createRoute, z } from '@hono/zod-openapi';
import { currentUser, requireRole, requireUser } from '../http/auth.js';
import {
  createRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  UuidParam,
} from '../http/openapi.js';
import { pageSchema, toPage } from '../http/pagination.js';
import { decodeTimeCursor } from '../http/time-cursor.js';
import { notFound } from '../http/errors.js';
import { createEvent, deleteEvent, eventsCalendar, eventView, updateEvent } from './events.js';
import { findEvent, listEvents } from './queries.js';
import { attendanceFor, setAttendance } from './attendance.js';
import { Attendance, EventCreate, EventPatch, EventView, ListQuery } from './schemas.js';

/** The feed covers a year ahead: calendar apps poll it, and a bounded feed stays small. */
const FEED_DAYS = 366;
const FEED_MAX = 500;

export function eventsRoutes() {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/events.ics',
        tags: ['Events'],
        summary:
          'Network events as an iCalendar feed (public: calendar apps cannot sign in; events carry no personal data)',
        responses: {
          200: {
            description: 'text/calendar',
            content: { 'text/calendar': { schema: z.string() } },
          },
        },
      }),
      async (c) => {
        const now = new Date();
        const rows = await listEvents(c.var.db, {
          from: now,
          to: new Date(now.getTime() + FEED_DAYS * 86_400_000),
          limit: FEED_MAX,
        });
        return c.body(eventsCalendar(rows.slice(0, FEED_MAX), c.var.config.publicUrl), 200, {
          'Content-Type': 'text/calendar; charset=utf-8',
          'Content-Disposition': 'inline; filename="gapmap-events.ics"',
          'Cache-Control': 'public, max-age=900',
        });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/events',
        tags: ['Events'],
        summary: 'Network events, soonest first',
        middleware: [requireUser] as const,
        request: { query: ListQuery },
        responses: {
          200: jsonResponse(pageSchema(EventView), 'A page of events'),
          ...errorResponses(401, 422),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const rows = await listEvents(c.var.db, {
          from: q.from ? new Date(q.from) : new Date(),
          limit: q.limit,
          after: decodeTimeCursor(q.cursor),
        });
        const page = toPage(rows, q.limit, (e) => [e.startsAt.toISOString(), e.id]);
        const attendance = await attendanceFor(c.var.db, currentUser(c), page.items);
        return c.json(
          {
            items: page.items.map((e) => ({ ...eventView(e), ...attendance(e) })),
            nextCursor: page.nextCursor,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/events',
        tags: ['Events'],
        summary: 'Announce a network event',
        middleware: [requireRole('organiser')] as const,
        request: { body: jsonBody(EventCreate) },
        responses: { 201: jsonResponse(EventView, 'The event'), ...errorResponses(401, 403, 422) },
      }),
      async (c) => c.json(await createEvent(c.var.db, currentUser(c), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/events/{id}',
        tags: ['Events'],
        summary: 'One event',
        middleware: [requireUser] as const,
        request: { params: UuidParam },
        responses: { 200: jsonResponse(EventView, 'The event'), ...errorResponses(401, 404) },
      }),
      async (c) => {
        const e = await findEvent(c.var.db, c.req.valid('param').id);
        if (!e) throw notFound('Event');
        return c.json(
          { ...eventView(e), ...(await attendanceFor(c.var.db, currentUser(c), [e]))(e) },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/events/{id}/attendance',
        tags: ['Events'],
        summary: '"I\'ll come" (idempotent)',
        middleware: [requireUser] as const,
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(Attendance, 'Whether you are coming, and the count for its organisers'),
          ...errorResponses(401, 404, 409),
        },
      }),
      async (c) =>
        c.json(await setAttendance(c.var.db, currentUser(c), c.req.valid('param').id, true), 200),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/events/{id}/attendance',
        tags: ['Events'],
        summary: 'Take back "I\'ll come"',
        middleware: [requireUser] as const,
        request: { params: UuidParam },
        responses: {
          200: jsonResponse(Attendance, 'Whether you are coming, and the count for its organisers'),
          ...errorResponses(401, 404),
        },
      }),
      async (c) =>
        c.json(await setAttendance(c.var.db, currentUser(c), c.req.valid('param').id, false), 200),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/events/{id}',
        tags: ['Events'],
        summary: 'Change an event (its organisation, its creator or an admin)',
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam, body: jsonBody(EventPatch) },
        responses: {
          200: jsonResponse(EventView, 'The event'),
          ...errorResponses(401, 403, 404, 422),
        },
      }),
      async (c) =>
        c.json(
          await updateEvent(c.var.db, currentUser(c), c.req.valid('param').id, c.req.valid('json')),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/events/{id}',
        tags: ['Events'],
        summary: 'Cancel an event',
        middleware: [requireRole('organiser')] as const,
        request: { params: UuidParam },
        responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
      }),
      async (c) => {
        await deleteEvent(c.var.db, currentUser(c), c.req.valid('param').id);
        return c.body(null, 204);
      },
    );
}
