/**
 * Registers the service worker (client/public/sw.js) in built apps, and puts every script and
 * style the page has loaded so far (lazy route chunks included) into its shell cache, so the
 * page that is open now also opens with no signal. `data-offline-ready` on <html> says it is done.
 */
const SHELL = 'gapmap-shell-v1';
const API = 'gapmap-api-v1';

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  try {
    await navigator.serviceWorker.register('/sw.js');
    await navigator.serviceWorker.ready;
    await cacheLoadedAssets();
    document.documentElement.dataset.offlineReady = 'true';
  } catch {
    // No service worker (a private window, an old browser): the app works online as before.
  }
}

/** Caches the /assets/ files this page has loaded (the worker caches later ones as they load). */
export async function cacheLoadedAssets(): Promise<void> {
  if (!('caches' in window)) return;
  const cache = await caches.open(SHELL);
  const urls = performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name))
    .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/'))
    .map((u) => u.pathname);
  await Promise.all(
    [...new Set(urls)].map(
      async (u) => (await cache.match(u)) ?? cache.add(u).catch(() => undefined),
    ),
  );
}

/** On sign-out: the cached session and lists are not kept for the next person on this device. */
export function forgetCachedAnswers(): void {
  if ('caches' in window) void caches.delete(API);
}
