import { describe, expect, it } from 'vitest';
import { durationMs } from './duration.ts';

describe('durationMs', () => {
  it('reads single and compound durations', () => {
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('15m')).toBe(900_000);
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('0.5h')).toBe(1_800_000);
  });

  it('refuses what is not a duration, naming it', () => {
    expect(() => durationMs('10 minutes')).toThrow(/'10 minutes' is not a duration/);
    expect(() => durationMs('')).toThrow(/is not a duration/);
  });
});
