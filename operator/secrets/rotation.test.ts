import { describe, expect, it } from 'vitest';
import { type RotatedCredential, rotate, validVersions } from './rotation.ts';

const hour = 3_600_000;
const policy = { intervalMs: 24 * hour, overlapMs: hour };
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
let counter = 0;
const generate = () => `secret-${++counter}`;

describe('rotate', () => {
  it('creates a first version, then keeps it until the interval has passed', () => {
    const first = rotate(undefined, policy, at(0), generate);
    expect(first.change).toBe('created');
    expect(first.credential.current).toMatchObject({ id: 1, createdAt: at(0).toISOString() });
    expect(first.nextCheckMs).toBe(24 * hour);
    const later = rotate(first.credential, policy, at(23 * hour), generate);
    expect(later).toMatchObject({
      change: 'kept',
      credential: first.credential,
      nextCheckMs: hour,
    });
  });

  it('replaces a version after the interval and keeps the old one valid through the overlap', () => {
    const stored: RotatedCredential = {
      current: { id: 3, value: 'old', createdAt: at(0).toISOString() },
    };
    const { credential, change, nextCheckMs } = rotate(stored, policy, at(25 * hour), generate);
    expect(change).toBe('rotated');
    expect(credential.current).toMatchObject({ id: 4, createdAt: at(25 * hour).toISOString() });
    expect(credential.previous).toMatchObject({
      id: 3,
      value: 'old',
      expiresAt: at(26 * hour).toISOString(),
    });
    expect(nextCheckMs).toBe(hour);
    expect(validVersions(credential).map((v) => v.id)).toEqual([4, 3]);
  });

  it('drops the old version when the overlap ends, and waits for it before rotating again', () => {
    const stored: RotatedCredential = {
      current: { id: 4, value: 'new', createdAt: at(0).toISOString() },
      previous: {
        id: 3,
        value: 'old',
        createdAt: at(-hour).toISOString(),
        expiresAt: at(hour).toISOString(),
      },
    };
    // Due for rotation already (a short interval), but the overlap still runs: nothing yet.
    const short = { intervalMs: hour / 2, overlapMs: hour };
    expect(rotate(stored, short, at(hour / 2), generate).change).toBe('kept');
    const ended = rotate(stored, short, at(hour), generate);
    expect(ended.change).toBe('expired');
    expect(ended.credential).toEqual({ current: stored.current });
  });

  it('never rotates with an endless interval', () => {
    const stored = rotate(undefined, policy, at(0), generate).credential;
    const outcome = rotate(stored, { ...policy, intervalMs: Infinity }, at(1000 * hour), generate);
    expect(outcome.change).toBe('kept');
    expect(outcome.nextCheckMs).toBe(Infinity);
  });
});
