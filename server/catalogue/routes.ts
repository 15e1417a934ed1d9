import { z } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { TagsParam } from '../geo/params.js';
import type { AppEnv } from '../http/env.js';
import { invalid, zodDetails } from '../http/errors.js';
import { buildCatalogue } from './catalogue.js';
import { catalogueHtml } from './render.js';
import { isLang } from '../../i18n/define.js';
import { requestLanguage } from '../i18n/language.js';

const Query = z.object({
  tag: TagsParam.optional(),
  area: z.string().trim().min(1).max(80).optional(),
  /** Service texts in this language where the organiser wrote them (English, marked, elsewhere). */
  lang: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a language code such as "bn"')
    .optional(),
});

/** `GET /catalogue?tag=&area=`: printable HTML for signed-in users (or anyone when the directory is public). */
export function cataloguePages() {
  const app = new Hono<AppEnv>();
  app.get('/catalogue', async (c) => {
    if (!c.var.user && !c.var.config.publicDirectory)
      return c.redirect('/sign-in?next=%2Fcatalogue', 302);
    const parsed = Query.safeParse({
      tag: c.req.queries('tag'),
      area: c.req.query('area'),
      lang: c.req.query('lang'),
    });
    if (!parsed.success) throw invalid(zodDetails(parsed.error));
    const catalogue = await buildCatalogue(c.var.db, {
      tags: parsed.data.tag,
      area: parsed.data.area,
      language: parsed.data.lang,
    });
    c.header('Cache-Control', 'private, no-store');
    return c.html(
      await catalogueHtml(
        catalogue,
        isLang(parsed.data.lang) ? parsed.data.lang : requestLanguage(c),
      ),
    );
  });
  return app;
}
