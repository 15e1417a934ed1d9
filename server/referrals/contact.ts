/**
 * How the service may reach the person referred (API.md v1.1 "Referrals: contact with consent").
 * Given only with the person's consent; sealed at rest (contact-crypto.ts); shown only to the
 * receiving organisation and the referrer; erased 30 days after a final status (retention.ts).
 * It never goes into an audit entry, a log line, a digest, an export or a notification.
 */
import { z } from '@hono/zod-openapi';
import type { ContactKeys } from './contact-crypto.js';
import { openContact, sealContact } from './contact-crypto.js';

export const CONTACT_PREFERENCES = ['phone', 'email', 'text'] as const;

export const ContactInput = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Enter a name or leave it out')
      .max(100, 'Name must be 100 characters or fewer')
      .optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()-]{5,22}[0-9]$/, 'Enter a phone number, like 07700 900123')
      .optional(),
    email: z
      .string()
      .trim()
      .max(200)
      .email('Enter an email address, like name@example.org')
      .optional(),
    preferred: z.enum(CONTACT_PREFERENCES).optional(),
    consent: z.literal(true, {
      error: 'The person must agree to be contacted before their details are shared',
    }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.phone && !c.email)
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'Give a phone number or an email address',
      });
    if ((c.preferred === 'phone' || c.preferred === 'text') && !c.phone)
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'A phone number is needed to call or text',
      });
    if (c.preferred === 'email' && !c.email)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'An email address is needed to reply by email',
      });
  })
  .openapi({
    description:
      "Only with the person's consent; sealed at rest, erased 30 days after a final status",
  });
export type ContactInput = z.infer<typeof ContactInput>;

export const ContactView = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  preferred: z.enum(CONTACT_PREFERENCES).nullable(),
});
export type ContactView = z.infer<typeof ContactView>;

export function sealReferralContact(
  keys: ContactKeys,
  referralId: string,
  c: ContactInput,
): string {
  const view: ContactView = {
    name: c.name ?? null,
    phone: c.phone ?? null,
    email: c.email ?? null,
    preferred: c.preferred ?? null,
  };
  return sealContact(keys, referralId, JSON.stringify(view));
}

export function openReferralContact(
  keys: ContactKeys,
  referralId: string,
  sealed: string,
): ContactView {
  return ContactView.parse(JSON.parse(openContact(keys, referralId, sealed)));
}

/** Who may read the contact: the referrer and organisers of the receiving organisation, nobody else (not admins). */
export function maySeeContact(
  user: { id: string; role: string; organisationId: string | null },
  r: { referrerId: string; organisationId: string },
): boolean {
  return (
    user.id === r.referrerId ||
    (user.role === 'organiser' && user.organisationId === r.organisationId)
  );
}
