import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.ts';

describe('WorkQueue', () => {
  it('handles a key once however often it was added while waiting', async () => {
    const queue = new WorkQueue();
    const handled: string[] = [];
    queue.add('a');
    queue.add('b');
    queue.add('a');
    const running = queue.run(
      2,
      async (key) => {
        handled.push(key);
        return undefined;
      },
      () => {},
    );
    await queue.idle();
    queue.shutDown();
    await running;
    expect(handled.sort()).toEqual(['a', 'b']);
  });

  it('never handles one key on two workers, and reruns a key added while it ran', async () => {
    const queue = new WorkQueue();
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    const running = queue.run(
      4,
      async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        runs++;
        if (runs === 1) {
          queue.add('k');
          queue.add('k');
        }
        await sleep(10);
        concurrent--;
        return undefined;
      },
      () => {},
    );
    queue.add('k');
    await sleep(5);
    await queue.idle();
    queue.shutDown();
    await running;
    expect(maxConcurrent).toBe(1);
    expect(runs).toBe(2);
  });

  it('runs different keys on different workers at once', async () => {
    const queue = new WorkQueue();
    let concurrent = 0;
    let maxConcurrent = 0;
    for (const key of ['a', 'b', 'c', 'd']) queue.add(key);
    const running = queue.run(
      3,
      async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(20);
        concurrent--;
        return undefined;
      },
      () => {},
    );
    await queue.idle();
    queue.shutDown();
    await running;
    expect(maxConcurrent).toBe(3);
  });

  it('retries a failing key with exponential backoff up to the cap, and forgets on success', async () => {
    const queue = new WorkQueue({ baseDelayMs: 5, maxDelayMs: 20 });
    const delays: number[] = [];
    let attempts = 0;
    const running = queue.run(
      1,
      async () => {
        attempts++;
        if (attempts <= 4) throw new Error('not yet');
        return undefined;
      },
      (_key, _error, retryInMs) => delays.push(retryInMs),
    );
    queue.add('k');
    await queue.idle();
    expect(delays).toEqual([5, 10, 20, 20]);
    expect(queue.failuresOf('k')).toBe(0);
    queue.shutDown();
    await running;
  });

  it('requeues a key after the delay its handler asks for', async () => {
    const queue = new WorkQueue();
    let runs = 0;
    const running = queue.run(
      1,
      async () => {
        runs++;
        return runs === 1 ? { requeueAfterMs: 10 } : undefined;
      },
      () => {},
    );
    queue.add('k');
    await queue.idle();
    expect(runs).toBe(2);
    queue.shutDown();
    await running;
  });

  it('reports its depth', () => {
    const depths: number[] = [];
    const queue = new WorkQueue({ onDepth: (depth) => depths.push(depth) });
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.depth).toBe(2);
    expect(depths).toEqual([1, 2]);
  });

  it('takes no more keys once shut down', async () => {
    const queue = new WorkQueue();
    queue.shutDown();
    queue.add('a');
    expect(queue.depth).toBe(0);
    await queue.run(
      2,
      async () => undefined,
      () => {},
    );
  });

  it('lets a sooner delayed add replace a later one (a retry is not held up by a far requeue)', async () => {
    const queue = new WorkQueue();
    const handled: string[] = [];
    queue.addAfter('k', 3_600_000);
    queue.addAfter('k', 10);
    queue.addAfter('k', 60_000);
    const running = queue.run(
      1,
      async (key) => {
        handled.push(key);
        return undefined;
      },
      () => {},
    );
    await queue.idle();
    queue.shutDown();
    await running;
    expect(handled).toEqual(['k']);
  });
});
