import { tenantAccessName } from '../../secrets/tenant-access.ts';
import { type Outcome, outcome } from '../types.ts';
import { type Check, mapLimit, notEvaluated, settle } from './check.ts';

/** One `path "..." { capabilities = [...] }` block of an HCL policy. */
export interface PolicyRule {
  path: string;
  capabilities: string[];
}

/** The path rules of a Vault ACL policy (the HCL subset Vault policies are written in). */
export function policyRules(hcl: string): PolicyRule[] {
  const text = hcl.replace(/#[^\n]*/g, '');
  return [...text.matchAll(/path\s+"([^"]*)"\s*\{([^}]*)\}/g)].map(([, path = '', body = '']) => ({
    path,
    capabilities: [
      ...(/capabilities\s*=\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '').matchAll(/"([^"]*)"/g),
    ].map((m) => m[1] ?? ''),
  }));
}

const readOnly = new Set(['read', 'list']);

/**
 * Pass when every rule of the tenant's policy stays inside its own folder of the KV mount
 * (`<mount>/data/<tenant>/*` and `<mount>/metadata/<tenant>/*`) and only reads or lists.
 */
export function judgePolicyScope(
  mount: string,
  tenant: string,
  hcl: string | undefined,
  source: string,
): Outcome {
  if (hcl === undefined) {
    return outcome('fail', `policy ${tenantAccessName(tenant)} does not exist in Vault`, source, {
      policy: tenantAccessName(tenant),
    });
  }
  const rules = policyRules(hcl);
  const own = [`${mount}/data/${tenant}/`, `${mount}/metadata/${tenant}/`];
  const outside = rules.filter(
    (rule) =>
      !own.some((prefix) => rule.path.startsWith(prefix)) ||
      rule.capabilities.some((c) => !readOnly.has(c)),
  );
  const evidence = { policy: tenantAccessName(tenant), rules, allowedPrefixes: own };
  if (rules.length === 0) {
    return outcome('fail', 'the policy has no path rules to judge', source, evidence);
  }
  if (outside.length === 0) {
    return outcome(
      'pass',
      `policy ${tenantAccessName(tenant)} reads only ${mount}/data/${tenant}/*`,
      source,
      evidence,
    );
  }
  return outcome(
    'fail',
    `policy ${tenantAccessName(tenant)} grants ${outside.map((r) => `${r.capabilities.join('/')} on ${r.path}`).join('; ')}: only read/list of the tenant's own folder is allowed (the operator rewrites it on its next reconcile)`,
    source,
    { ...evidence, outsideScope: outside },
  );
}

/** Lists the policies once, then reads only the tenants' policies that exist. */
export const vaultPolicyScope: Check = {
  id: 'vault-policy-scope',
  controls: ['A.5.15', 'A.8.2'],
  async collect(sources, targets) {
    const { vault } = sources;
    const found = new Map<string, string | undefined | Error>();
    const listed = vault ? await settle(() => vault.listPolicies()) : undefined;
    if (vault && Array.isArray(listed)) {
      const existing = new Set(listed);
      const names = targets
        .map((t) => tenantAccessName(t.tenant.metadata.name))
        .filter((name) => existing.has(name));
      await mapLimit(names, sources.concurrency, async (name) => {
        found.set(name, await settle(() => vault.readPolicy(name)));
      });
    }
    return ({ tenant }) => {
      const name = tenantAccessName(tenant.metadata.name);
      const source = `vault sys/policies/acl/${name}`;
      if (!vault) return notEvaluated('Vault not configured', source);
      if (listed instanceof Error)
        return notEvaluated('Vault policies could not be listed', source, listed);
      const hcl = found.get(name);
      if (hcl instanceof Error)
        return notEvaluated(`policy ${name} could not be read`, source, hcl);
      return judgePolicyScope(vault.settings.mount, tenant.metadata.name, hcl, source);
    };
  },
};
