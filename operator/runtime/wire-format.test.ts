import { describe, expect, it } from 'vitest';
import { toClientModel, toJson } from './wire-format.ts';

describe('the wire format adapter', () => {
  it('keeps fields whose model names differ from their JSON names', () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow' },
      spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] },
    };
    const model = toClientModel(policy) as unknown as { spec: { ingress: { _from: unknown }[] } };
    expect(model.spec.ingress[0]?._from).toEqual([{ podSelector: {} }]);
    expect(toJson(toClientModel(policy))).toEqual(policy);
  });

  it('keeps the x-kubernetes extensions of a CRD schema', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.io' },
      spec: {
        group: 'example.io',
        names: { kind: 'Thing', plural: 'things' },
        scope: 'Cluster',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { mode: { type: 'string', enum: ['a', 'b'], default: 'a' } },
                'x-kubernetes-validations': [{ rule: 'true', message: 'never' }],
              },
            },
          },
        ],
      },
    };
    expect(toJson(toClientModel(crd))).toEqual(crd);
  });

  it('passes custom resources through', () => {
    const tenant = {
      apiVersion: 'platform.inopsio.io/v1alpha1',
      kind: 'Tenant',
      metadata: { name: 't' },
      spec: { a: 1 },
    };
    expect(toJson(toClientModel(tenant))).toEqual(tenant);
  });
});
