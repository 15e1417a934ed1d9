import { describe, expect, it } from 'vitest';
import { ApiError, type Page } from '../api.js';
import { createPagedList } from './pagedList.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createPagedList', () => {
  it('loads the first page, then the next onto the end', async () => {
    const pages: Record<string, Page<number>> = {
      first: { items: [1, 2], nextCursor: 'c2' },
      c2: { items: [3], nextCursor: null },
    };
    const list = createPagedList<number>(async (cursor) => pages[cursor ?? 'first']!, {
      failed: () => 'offline',
    });
    expect(list.loading()).toBe(true);
    await tick();
    expect(list.items()).toEqual([1, 2]);
    expect(list.hasMore()).toBe(true);
    await list.more();
    expect(list.items()).toEqual([1, 2, 3]);
    expect(list.hasMore()).toBe(false);
    expect(list.loading()).toBe(false);
    await list.reload();
    expect(list.items()).toEqual([1, 2]);
  });

  it('says why a load failed, and drops an answer a newer request has overtaken', async () => {
    let calls = 0;
    const list = createPagedList<string>(
      async () => {
        calls += 1;
        if (calls === 1) throw new ApiError(500, 'internal', 'Broken');
        if (calls === 2) throw new TypeError('fetch failed');
        if (calls === 3)
          return new Promise((r) => setTimeout(() => r({ items: ['old'], nextCursor: null }), 20));
        return { items: ['new'], nextCursor: null };
      },
      { failed: () => 'offline' },
    );
    await tick();
    expect(list.error()).toBe('Broken');
    await list.reload();
    expect(list.error()).toBe('offline');
    const slow = list.reload();
    await list.reload();
    await slow;
    expect(list.items()).toEqual(['new']);
    expect(list.error()).toBeNull();
  });
});
