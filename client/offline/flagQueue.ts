/**
 * Flags made with no signal wait here (IndexedDB, this device only) until they are sent. Each
 * carries a key made when it was queued (`Idempotency-Key`): however often a send is retried —
 * a reply lost in a lift, the page reloaded — the server stores the flag once. Each keeps the week
 * it was made in, so a flag sent late still counts in its own week (or, once that week is
 * published, is refused with a reason the page shows).
 */
export interface QueuedFlag<T = unknown> {
  key: string;
  /** Whose flag: only the person who made it sends it (a shared device may change hands). */
  userId: string;
  input: T;
  /** Summary words for the list ("Befriending, Transport"). */
  label: string;
  week: string;
  createdAt: string;
  /** Set when the server refused it (422): the reason, in words; it is not sent again. */
  refused?: string;
}

const DB_NAME = 'gapmap-offline';
const STORE = 'flags';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<R>(
  mode: IDBTransactionMode,
  body: (store: IDBObjectStore) => IDBRequest<R>,
): Promise<R> {
  const db = await open();
  try {
    return await new Promise<R>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = body(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const putQueued = (flag: QueuedFlag) =>
  run('readwrite', (s) => s.put(flag)).then(() => undefined);
export const removeQueued = (key: string) =>
  run('readwrite', (s) => s.delete(key)).then(() => undefined);
/** The person's queued flags, oldest first. */
export async function queuedFlags<T>(userId: string): Promise<QueuedFlag<T>[]> {
  const all = (await run('readonly', (s) => s.getAll())) as QueuedFlag<T>[];
  return all
    .filter((f) => f.userId === userId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Monday ('YYYY-MM-DD') of the ISO week, in London, that `at` falls in: what the server calls a flag's week. */
export function londonWeekOf(at: Date): string {
  const p = Object.fromEntries(londonParts.formatToParts(at).map((x) => [x.type, x.value]));
  const day = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)));
  const isoDay = (day.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(day.getTime() - isoDay * 86_400_000).toISOString().slice(0, 10);
}

/** A key nobody can guess (the server finds the first answer by it). */
export const newIdempotencyKey = () => crypto.randomUUID();
