/**
 * The server runs with V8's old space capped and a larger young generation (README
 * "Configuration"): `npm start`, the systemd unit and the benchmark's server all pass the same
 * flags, so what the bench measures is what a deployment runs. Cluster workers inherit them
 * (cluster.fork uses the primary's execArgv).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../bench/server.js';

const heapFlag = (text: string) => text.match(/--max-old-space-size=(\d+)/)?.[1];

describe('the server heap limit', () => {
  it('is the same in npm start, deploy/gapmap.service and the benchmark', () => {
    const start = (
      JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }
    ).scripts.start;
    const unit = readFileSync('deploy/gapmap.service', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('ExecStart='));
    const bench = heapFlag(SERVER_NODE_FLAGS.join(' '));
    expect(bench).toMatch(/^\d+$/);
    expect(heapFlag(start)).toBe(bench);
    expect(heapFlag(unit ?? '')).toBe(bench);
    // Every flag the bench's server runs with (the young generation's size too), in both.
    const flagsOf = (line: string) => line.split(/\s+/).filter((w) => w.startsWith('--max-'));
    expect(flagsOf(start)).toEqual(SERVER_NODE_FLAGS);
    expect(flagsOf(unit ?? '')).toEqual(SERVER_NODE_FLAGS);
  });

  it('leaves room for what the caches may hold', async () => {
    const { DEFAULT_CACHE_BYTES } = await import('./perf/data-cache.js');
    // The answers' byte budget plus the directory snapshot and rankings' working sets (README).
    expect(Number(heapFlag(SERVER_NODE_FLAGS.join(' ')))).toBeGreaterThanOrEqual(
      (4 * DEFAULT_CACHE_BYTES) / 2 ** 20,
    );
  });
});
