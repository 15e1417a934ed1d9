import { z } from '@hono/zod-openapi';
import { WebUrl } from '../http/web-url.js';

const Text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

const fields = {
  name: Text(200).min(1, 'is required'),
  description: Text(5000),
  website: WebUrl.nullable(),
  email: z.string().email('must be an email address').max(254).nullable(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number')
    .nullable(),
  keyContactUserId: z.string().uuid().nullable(),
  charityNumber: z
    .string()
    .regex(/^[0-9A-Za-z-]{3,20}$/, 'must be a charity or company number')
    .nullable(),
};

export const OrganisationCreate = z
  .strictObject(fields)
  .partial()
  .required({ name: true })
  .openapi('OrganisationCreate');
export type OrganisationCreate = z.infer<typeof OrganisationCreate>;

export const OrganisationPatch = z
  .strictObject({ ...fields, status: z.enum(['active', 'inactive']) })
  .partial()
  .extend({ version: z.number().int().min(1) })
  .openapi('OrganisationPatch');
export type OrganisationPatch = z.infer<typeof OrganisationPatch>;

export const OrganisationView = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    description: z.string(),
    website: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    keyContactUserId: z.string().uuid().nullable(),
    charityNumber: z.string().nullable(),
    status: z.enum(['active', 'inactive']),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Organisation');
export type Organisation = z.infer<typeof OrganisationView>;
