import { describe, expect, it } from 'vitest';
import { describeError } from './errors.ts';

describe('describeError', () => {
  it('follows causes', () => {
    expect(describeError(new Error('outer', { cause: new Error('inner') }))).toBe('outer: inner');
  });

  it("takes a Kubernetes Status's message from an API error's body", () => {
    const apiError = Object.assign(new Error('HTTP-Code: 422\nBody: ...'), {
      code: 422,
      body: JSON.stringify({
        kind: 'Status',
        message: 'Tenant "x" is invalid: spec.domains: Required value',
      }),
    });
    expect(describeError(apiError)).toBe('Tenant "x" is invalid: spec.domains: Required value');
  });

  it('describes what is not an Error', () => {
    expect(describeError('plain')).toBe('plain');
  });
});
