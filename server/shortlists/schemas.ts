/** Request and response shapes of the shortlist routes, and their types for the client. */
import { z } from '@hono/zod-openapi';
import { SHORTLIST_MAX_SERVICES } from './shortlist.js';

/** A BCP-47 tag as a browser or a person writes it ("bn", "so-SO", "zh-Hant"), in canonical case. */
const LanguageTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as "bn" or "so"')
  .transform((tag, ctx) => {
    try {
      return Intl.getCanonicalLocales(tag)[0]!;
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be a language code such as "bn" or "so"',
      });
      return z.NEVER;
    }
  });

export const CreateBody = z
  .object({
    serviceIds: z
      .array(z.string().uuid())
      .min(1, 'must name at least one service')
      .max(SHORTLIST_MAX_SERVICES, `must name at most ${SHORTLIST_MAX_SERVICES} services`),
    language: LanguageTag.openapi({
      type: 'string',
      description:
        "The client's language (BCP-47); labels fall back to English outside en, bn, so, ar",
    }),
  })
  .strict()
  .openapi('ShortlistCreate');
export const Created = z
  .object({
    id: z.string().uuid(),
    url: z.string().openapi({
      description: 'Public, unguessable link to the printable page; works for 30 days',
    }),
    text: z.string().openapi({ description: 'The plain-text version, for a message' }),
    expiresAt: z.string(),
  })
  .openapi('Shortlist');

export type Shortlist = z.infer<typeof Created>;
