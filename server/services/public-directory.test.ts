import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { serviceBody } from './testing.js';

let t: TestApp;
let id: string;

beforeAll(async () => {
  t = await createTestApp({ publicDirectory: true });
  await seedTaxonomy(t.db);
  const organiser = await t.signIn('organiser');
  id = (
    (await (await t.call('POST', '/api/v1/services', serviceBody(), organiser)).json()) as {
      id: string;
    }
  ).id;
});
afterAll(() => t.close());

describe('public read-only directory (PUBLIC_DIRECTORY=1)', () => {
  it('lets a signed-out visitor read the directory and its exports, but not write', async () => {
    for (const path of [
      '/api/v1/services',
      `/api/v1/services/${id}`,
      '/api/v1/services.geojson',
      '/api/v1/services.csv',
      `/api/v1/services/${id}/calendar.ics`,
      `/api/v1/services/${id}/share.txt`,
      '/api/v1/organisations',
    ]) {
      expect((await t.call('GET', path)).status, path).toBe(200);
    }
    expect((await t.call('POST', '/api/v1/services', serviceBody())).status).toBe(401);
    expect((await t.call('PATCH', `/api/v1/services/${id}`, { version: 1 })).status).toBe(401);
    expect((await t.call('GET', `/api/v1/organisations/${id}`)).status).toBe(401);
  });
});
