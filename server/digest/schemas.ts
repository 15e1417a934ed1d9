/** Response shape of the digest route, and its type for the client. */
import { z } from '@hono/zod-openapi';

const Service = z.object({
  id: z.string(),
  name: z.string(),
  summary: z.string(),
  organisationName: z.string(),
  tags: z.array(z.string()),
  at: z.string(),
});
export const DigestSchema = z
  .object({
    since: z.string(),
    until: z.string(),
    counts: z.object({
      newServices: z.number(),
      changedServices: z.number(),
      endedServices: z.number(),
      newProposals: z.number(),
      stageChanges: z.number(),
      referralUpdates: z.number(),
      staleServices: z.number(),
    }),
    newServices: z.array(Service),
    changedServices: z.array(Service),
    endedServices: z.array(Service),
    newProposals: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        stage: z.string(),
        tags: z.array(z.string()),
        gapVerdict: z.string().nullable(),
        at: z.string(),
      }),
    ),
    stageChanges: z.array(
      z.object({ proposalId: z.string(), title: z.string(), stage: z.string(), at: z.string() }),
    ),
    referralUpdates: z.array(
      z.object({
        referralId: z.string(),
        code: z.string(),
        serviceName: z.string(),
        status: z.string(),
        at: z.string(),
      }),
    ),
    staleServices: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          organisationName: z.string(),
          lastVerifiedAt: z.string().nullable(),
        }),
      )
      .openapi({
        description:
          'Listings nobody has confirmed for six months, longest first (an organiser: their own)',
      }),
  })
  .openapi('Digest');

export type Digest = z.infer<typeof DigestSchema>;
