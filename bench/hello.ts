/**
 * The baseline for GET /api/health: the smallest Hono app on @hono/node-server, answering the
 * same JSON shape. The ratio (Gapmap req/s ÷ this req/s) shows what our middleware stack and
 * the `select 1` database round trip cost on this machine, whatever the machine is.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/api/health', (c) => c.json({ status: 'ok', db: 'none' }));

const port = Number(process.env.PORT ?? 0);
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' });
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
