/** Rows grouped by a key, in first-seen order (Map.groupBy arrives only in Node 21). */
export function group<T, K>(rows: Iterable<T>, key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
