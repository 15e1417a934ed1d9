/**
 * Gapmap's service worker: the flag page opens with no signal (Link Workers flag between
 * appointments, often in basements). Plain JavaScript copied as is by Vite (client/public).
 *
 * - The app shell (index.html and the hashed /assets/ files) is cached: assets cache-first (their
 *   names change with their content), page navigations network-first with the cached shell as
 *   the fallback.
 * - A few small GET answers the flag page needs (session, taxonomy, popular tags, config, own
 *   flags) are network-first with the last answer as the fallback; the page deletes that cache
 *   on sign-out. Nothing else of the API is cached, and no write goes through here: flags made
 *   offline wait in IndexedDB (client/offline/flagQueue.ts) and are sent by the page.
 */
const SHELL = 'gapmap-shell-v1';
const API = 'gapmap-api-v1';
const API_CACHED = [
  '/api/v1/auth/session',
  '/api/v1/taxonomy',
  '/api/v1/needs/tags/popular',
  '/api/v1/config',
  '/api/v1/needs/mine',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const res = await fetch('/', { cache: 'no-store' });
      if (res.ok) {
        const html = await res.clone().text();
        await cache.put('/', res);
        const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
        await Promise.all(assets.map((a) => cache.add(a).catch(() => undefined)));
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (
          (key.startsWith('gapmap-shell-') && key !== SHELL) ||
          (key.startsWith('gapmap-api-') && key !== API)
        )
          await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

async function networkFirst(request, cacheName, fallbackKey) {
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(request);
    if (res.ok && !fallbackKey) await cache.put(request, res.clone());
    return res;
  } catch (error) {
    const hit = await cache.match(fallbackKey ?? request);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(request));
  else if (request.mode === 'navigate' && !url.pathname.startsWith('/api/'))
    event.respondWith(networkFirst(request, SHELL, '/'));
  else if (API_CACHED.includes(url.pathname)) event.respondWith(networkFirst(request, API));
});
