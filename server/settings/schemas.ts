/** Request and response shapes of the settings routes, and their types for the client. */
import { z } from '@hono/zod-openapi';

export const PrivacySetting = z
  .object({
    threshold: z
      .number()
      .int()
      .openapi({ description: 'Counts below this are shown as "<threshold"' }),
    floor: z.number().int().openapi({
      description: 'The deployment floor (SUPPRESSION_THRESHOLD); the setting may only raise it',
    }),
    max: z.number().int(),
    stored: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The admin's setting, or null when the floor applies" }),
  })
  .openapi('PrivacySetting');

export const PrivacyChange = z
  .object({ threshold: z.number().int('must be a whole number') })
  .strict()
  .openapi('PrivacySettingChange');

export type PrivacySetting = z.infer<typeof PrivacySetting>;
