/**
 * client-node's generic object API takes and returns its generated model classes, whose field
 * names differ from the JSON the API server speaks for a few fields (`_default` for
 * `default`, `_from` for `from`, `_enum` for `enum`) and which silently drop fields they were
 * given under the JSON name. The operator renders, caches and compares plain JSON; these two
 * functions convert at the boundary. (client-node exports neither helper from its index.)
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { getSerializationType } from '@kubernetes/client-node/dist/util.js';

const typeOf = (object: KubernetesObject) => getSerializationType(object.apiVersion, object.kind);

/** Plain Kubernetes JSON → the model object client-node's API calls expect. */
export const toClientModel = <T extends KubernetesObject>(json: T): T =>
  ObjectSerializer.deserialize(json, typeOf(json)) as T;

/** A copy without the keys whose value is undefined, as JSON has them. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) copy[key] = withoutUndefined(item);
  }
  return copy;
}

/**
 * A model object client-node returned → plain Kubernetes JSON. The serializer leaves keys of
 * absent fields with the value undefined, which JSON does not have.
 */
export const toJson = <T extends KubernetesObject>(model: T): T =>
  withoutUndefined(ObjectSerializer.serialize(model, typeOf(model))) as T;
