import { describe, expect, it } from 'vitest';
import { contentHash, isSubset, stableStringify } from './object-diff.ts';

describe('isSubset', () => {
  const actual = {
    metadata: { name: 'crm', labels: { a: '1', extra: 'x' }, resourceVersion: '7' },
    spec: {
      replicas: 2,
      template: {
        containers: [
          { name: 'crm', resources: { limits: { memory: '1Gi' } }, imagePullPolicy: 'Always' },
        ],
      },
    },
    status: { replicas: 2 },
  };

  it('ignores fields only the server set', () => {
    expect(
      isSubset({ metadata: { name: 'crm', labels: { a: '1' } }, spec: { replicas: 2 } }, actual),
    ).toBe(true);
  });

  it('notices a changed or missing field', () => {
    expect(isSubset({ spec: { replicas: 3 } }, actual)).toBe(false);
    expect(isSubset({ metadata: { labels: { b: '2' } } }, actual)).toBe(false);
  });

  it('compares list items in order and by length', () => {
    expect(isSubset({ spec: { template: { containers: [{ name: 'crm' }] } } }, actual)).toBe(true);
    expect(
      isSubset({ spec: { template: { containers: [{ name: 'crm' }, { name: 'x' }] } } }, actual),
    ).toBe(false);
  });

  it('compares quantities by amount', () => {
    const desired = {
      spec: { template: { containers: [{ resources: { limits: { memory: '1024Mi' } } }] } },
    };
    expect(isSubset(desired, actual)).toBe(true);
  });

  it('takes zero values as missing fields, as the server leaves them out', () => {
    expect(isSubset({ spec: { minReadySeconds: 0, hostNetwork: false } }, { spec: {} })).toBe(true);
    expect(isSubset({ spec: { minReadySeconds: 5 } }, { spec: {} })).toBe(false);
  });

  it('takes an empty list as a missing one', () => {
    expect(isSubset({ spec: { externalIPs: [] } }, { spec: {} })).toBe(true);
    expect(isSubset({ spec: { externalIPs: [] } }, { spec: { externalIPs: ['1.2.3.4'] } })).toBe(
      false,
    );
  });
});

describe('contentHash', () => {
  it('does not depend on key order', () => {
    expect(contentHash({ a: 1, b: { c: 2, d: 3 } })).toBe(contentHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(stableStringify({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });
});
