/**
 * The client's API types are the server's zod-inferred types, not copies: a change to a response
 * schema on the server changes them, and the type check (`tsc`) fails wherever the client reads a
 * field that went away. These are type-level checks (expectTypeOf does nothing at run time).
 */
import type { z } from '@hono/zod-openapi';
import { describe, expectTypeOf, it } from 'vitest';
import type { GapItemSchema, GapCheckResultSchema } from '../server/gaps/schemas.js';
import type { NeedMapSchema } from '../server/map/schemas.js';
import type { ProposalDetailSchema } from '../server/proposals/schemas.js';
import type { ReferralView } from '../server/referrals/schemas.js';
import type {
  ServicePointPropertiesSchema,
  ServiceViewSchema,
} from '../server/services/schemas.js';
import type { SuppressedCountSchema } from '../server/privacy/suppression.js';
import type { UserViewSchema } from '../server/auth/schemas.js';
import type { GapItem, SuppressedCount } from './api.js';
import type { Service } from './directory/directoryApi.js';
import type { GapCheckResult } from './gapcheck/gapCheckApi.js';
import type { NeedMap } from './map/layers/needLayer.js';
import type { ServicePoints } from './map/layers/provisionLayer.js';
import type { Proposal } from './proposals/proposalsApi.js';
import type { Referral } from './referrals/referralsApi.js';
import type { Role, SessionUser } from './session.js';

describe('client API types come from the server schemas', () => {
  it('are the zod-inferred response types themselves', () => {
    expectTypeOf<SuppressedCount>().toEqualTypeOf<z.infer<typeof SuppressedCountSchema>>();
    expectTypeOf<GapItem>().toEqualTypeOf<z.infer<typeof GapItemSchema>>();
    expectTypeOf<GapCheckResult>().toEqualTypeOf<z.infer<typeof GapCheckResultSchema>>();
    expectTypeOf<Service>().toEqualTypeOf<z.infer<typeof ServiceViewSchema>>();
    expectTypeOf<Proposal>().toEqualTypeOf<z.infer<typeof ProposalDetailSchema>>();
    expectTypeOf<Referral>().toEqualTypeOf<z.infer<typeof ReferralView>>();
    expectTypeOf<SessionUser>().toEqualTypeOf<z.infer<typeof UserViewSchema>>();
    expectTypeOf<Role>().toEqualTypeOf<'link_worker' | 'organiser' | 'funder' | 'admin'>();
  });

  it("type the map layers' GeoJSON with the server's properties", () => {
    type ServerNeedMap = z.infer<typeof NeedMapSchema>;
    expectTypeOf<NeedMap['features'][number]['properties']>().toEqualTypeOf<
      ServerNeedMap['features'][number]['properties']
    >();
    expectTypeOf<ServerNeedMap>().toExtend<NeedMap>();
    expectTypeOf<ServicePoints['features'][number]['properties']>().toEqualTypeOf<
      z.infer<typeof ServicePointPropertiesSchema>
    >();
  });

  it('refuse a payload the server schema would not describe', () => {
    // @ts-expect-error a gap without its published demand is not a GapItem
    const gap: GapItem = { place: 'E2', tag: 'walking', supply: 0, score: null, reason: '' };
    // @ts-expect-error the server's GapItem.res is 7 or 8 (the client's hand-written copy said number)
    const coarse: GapItem = { ...gap, res: 6 };
    expectTypeOf(coarse).not.toBeAny();
  });
});
