/**
 * Long imports run as generators that yield their progress after each small unit of work, so
 * one function serves both ways of running them: `drain` all at once (fixtures, scripts), or
 * `runInSlices` for a request — a slice of at most `budgetMs`, then the event loop is let go
 * (health checks, other requests) before the next slice, and the progress is reported.
 */
import { performance } from 'node:perf_hooks';

export interface Progress {
  phase: 'reading' | 'covering' | 'writing';
  done: number;
  total: number;
}

export function drain<R>(steps: Generator<Progress, R>): R {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export async function runInSlices<R>(
  steps: Generator<Progress, R>,
  onProgress: (p: Progress) => void,
  budgetMs = 25,
): Promise<R> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= budgetMs) {
      onProgress(step.value);
      await new Promise<void>((resume) => setImmediate(resume));
      sliceStart = performance.now();
    }
  }
}
