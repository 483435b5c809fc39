import type { V1CustomResourceDefinition } from '@kubernetes/client-node';

/** The JSON schema as the CRD holds it (client-node's model renames `default` and `enum`). */
interface Schema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  required?: string[];
  'x-kubernetes-validations'?: { message?: string }[];
}

/** A Markdown reference of a CRD's fields, from the same schema `kubectl explain` reads. */
export function apiReference(crd: V1CustomResourceDefinition): string {
  const version = crd.spec.versions[0];
  const root = version?.schema?.openAPIV3Schema as Schema | undefined;
  const rows: string[] = [];
  const walk = (schema: Schema, path: string, required: boolean) => {
    const map =
      typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    const type =
      schema.type === 'array'
        ? `[]${schema.items?.type ?? 'object'}`
        : map
          ? `map[string]${map.type}`
          : (schema.type ?? 'object');
    const notes = [
      required ? 'required' : '',
      schema.default !== undefined ? `default \`${JSON.stringify(schema.default)}\`` : '',
      schema.enum ? `one of ${schema.enum.map((v) => `\`${v}\``).join(', ')}` : '',
      ...(schema['x-kubernetes-validations'] ?? []).map((rule) =>
        rule.message ? `rule: ${rule.message}` : '',
      ),
    ].filter(Boolean);
    const description = (schema.description ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
    rows.push(
      `| \`${path}\` | ${type} | ${description}${notes.length ? ` (${notes.join('; ')})` : ''} |`,
    );
    const children =
      schema.type === 'array' && schema.items?.properties ? schema.items : (map ?? schema);
    const suffix = schema.type === 'array' ? '[]' : children !== schema ? '.*' : '';
    for (const [name, child] of Object.entries(children.properties ?? {})) {
      walk(child, `${path}${suffix}.${name}`, children.required?.includes(name) ?? false);
    }
  };
  for (const top of ['spec', 'status'] as const) {
    const schema = root?.properties?.[top];
    if (schema) walk(schema, top, top === 'spec');
  }
  const { names, group } = crd.spec;
  return [
    `## ${names.kind} (\`${group}/${version?.name}\`, short name \`${names.shortNames?.join('`, `')}\`)`,
    '',
    root?.description ?? '',
    '',
    '| field | type | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
