import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe("the API's messages for people follow the request's language", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const errorOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string } }).error;

  it('answers in English by default, with the exact message', async () => {
    const error = await errorOf(await t.call('GET', '/api/v1/auth/session'));
    expect(error).toEqual({ code: 'unauthorized', message: 'Sign in to continue.' });
    expect((await errorOf(await t.call('GET', '/api/v1/nothing-here'))).message).toBe(
      'Route not found.',
    );
  });

  it('answers in the Accept-Language, and the chosen-language cookie wins over it', async () => {
    const bengali = await errorOf(
      await t.call('GET', '/api/v1/auth/session', undefined, {
        'accept-language': 'bn-BD,bn;q=0.9,en;q=0.5',
      }),
    );
    expect(bengali).toEqual({ code: 'unauthorized', message: 'চালিয়ে যেতে সাইন ইন করুন।' });
    const arabic = await errorOf(
      await t.call('GET', '/api/v1/nothing-here', undefined, {
        'accept-language': 'bn',
        cookie: 'gapmap_lang=ar',
      }),
    );
    expect(arabic).toEqual({
      code: 'not_found',
      message: 'غير موجود: ربما أُزيل، أو أن الرابط غير صحيح.',
    });
    const unknown = await errorOf(
      await t.call('GET', '/api/v1/auth/session', undefined, {
        'accept-language': 'de',
        cookie: 'gapmap_lang=xx',
      }),
    );
    expect(unknown.message).toBe('Sign in to continue.');
  });
});
