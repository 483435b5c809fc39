import { describe, expect, it } from 'vitest';
import { parseAuditFlags } from './cli.ts';

describe('inopsio audit flags', () => {
  it('defaults to every tenant and every format', () => {
    expect(parseAuditFlags(['--out', '/tmp/a'])).toEqual({
      out: '/tmp/a',
      tenants: [],
      formats: ['json', 'oscal', 'html', 'pdf'],
      concurrency: 16,
    });
  });

  it('takes repeated tenants and a list of formats', () => {
    expect(
      parseAuditFlags(['--out', 'x', '--tenant', 'a', '--tenant', 'b', '--format', 'json,pdf']),
    ).toMatchObject({ tenants: ['a', 'b'], formats: ['json', 'pdf'] });
  });

  it('names the flag and the fix when a value is wrong', () => {
    expect(() => parseAuditFlags([])).toThrow('--out is required');
    expect(() => parseAuditFlags(['--out', 'x', '--format', 'json,xml'])).toThrow(
      '--format xml: not a format; use any of json,oscal,html,pdf',
    );
    expect(() => parseAuditFlags(['--out', 'x', '--concurrency', '0'])).toThrow('--concurrency 0');
  });
});
