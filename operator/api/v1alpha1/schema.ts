/**
 * TypeBox helpers that keep schemas structural, as Kubernetes requires: enums as `enum`
 * (not `anyOf` of constants), maps as `additionalProperties`, CEL rules as
 * `x-kubernetes-validations`. Each helper yields both the JSON schema and its TypeScript type.
 */
import Type, { type TSchema, type TUnsafe } from 'typebox';

export interface CelRule {
  rule: string;
  message: string;
  /** JSONPath of the field the message is about, relative to the schema with the rule. */
  fieldPath?: string;
  reason?:
    | 'FieldValueInvalid'
    | 'FieldValueForbidden'
    | 'FieldValueRequired'
    | 'FieldValueDuplicate';
}

export const cel = (...rules: CelRule[]) => ({ 'x-kubernetes-validations': rules });

export function stringEnum<const T extends readonly string[]>(
  values: T,
  options: { description: string; default?: T[number] },
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export function mapOf<T extends TSchema>(
  values: T,
  options: { description: string } & Record<string, unknown>,
): TUnsafe<Record<string, Type.Static<T>>> {
  return Type.Unsafe<Record<string, Type.Static<T>>>({
    type: 'object',
    additionalProperties: values,
    ...options,
  });
}

/** A DNS label (RFC 1123): what Kubernetes accepts as a namespace or object name. */
export const dnsLabelPattern = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** A DNS subdomain (RFC 1123), such as a host name. */
export const dnsSubdomainPattern =
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

export const quantity = (description: string, example: string) =>
  Type.String({
    description: `${description} A Kubernetes quantity, for example ${example}.`,
    maxLength: 32,
    ...cel({ rule: 'isQuantity(self)', message: `must be a quantity such as ${example}` }),
  });

export const duration = (
  description: string,
  options: { default?: string; min?: string; max?: string } = {},
) => {
  const rules: CelRule[] = [];
  if (options.min) {
    rules.push({
      rule: `duration(self) >= duration('${options.min}')`,
      message: `must be at least ${options.min}`,
    });
  }
  if (options.max) {
    rules.push({
      rule: `duration(self) <= duration('${options.max}')`,
      message: `must be at most ${options.max}`,
    });
  }
  return Type.String({
    description: `${description} A duration such as 15m, 12h or 720h.`,
    pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$',
    maxLength: 32,
    ...(options.default ? { default: options.default } : {}),
    ...(rules.length ? cel(...rules) : {}),
  });
};

/** The standard `metav1.Condition`. */
export const Condition = Type.Object(
  {
    type: Type.String({
      description: 'The aspect this condition is about, such as NamespaceReady or Ready.',
      maxLength: 316,
    }),
    status: stringEnum(['True', 'False', 'Unknown'] as const, {
      description: 'Whether the condition holds.',
    }),
    observedGeneration: Type.Optional(
      Type.Integer({
        description: 'The .metadata.generation the condition was set from.',
        minimum: 0,
      }),
    ),
    lastTransitionTime: Type.String({
      description: 'When the status last changed.',
      format: 'date-time',
    }),
    reason: Type.String({
      description: 'A CamelCase word for programs: why the condition is what it is.',
      maxLength: 1024,
      minLength: 1,
    }),
    message: Type.String({
      description: 'What a person needs to know, including how to fix a problem.',
      maxLength: 32768,
    }),
  },
  { description: 'A condition in the standard Kubernetes form.' },
);
export type Condition = Type.Static<typeof Condition>;

export const conditionList = (description: string) =>
  Type.Array(Condition, {
    description,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['type'],
  });
