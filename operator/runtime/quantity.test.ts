import { describe, expect, it } from 'vitest';
import { parseQuantity, sameQuantity } from './quantity.ts';

describe('quantities', () => {
  it.each([
    ['250m', 0.25],
    ['2', 2],
    ['1.5', 1.5],
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['1e3', 1000],
    ['100k', 100_000],
  ])('reads %s', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it('refuses what is not a quantity', () => {
    expect(parseQuantity('lots')).toBeUndefined();
    expect(parseQuantity('1Gb')).toBeUndefined();
    expect(parseQuantity('')).toBeUndefined();
  });

  it('compares amounts, not spellings', () => {
    expect(sameQuantity('1Gi', '1024Mi')).toBe(true);
    expect(sameQuantity('0.5', '500m')).toBe(true);
    expect(sameQuantity('1', '1000m')).toBe(true);
    expect(sameQuantity('1Gi', '1G')).toBe(false);
    expect(sameQuantity('abc', 'abc')).toBe(false);
  });
});
