import { type Edition, group, type Tenant, version } from '../api/v1alpha1/index.ts';
import { backupPolicy } from './checks/backup-policy.ts';
import type { Check, Sources, Target } from './checks/check.ts';
import { credentialAge } from './checks/credential-age.ts';
import { policyResults } from './checks/policy-report.ts';
import { realmMfa } from './checks/realm-mfa.ts';
import { rowLevelSecurity } from './checks/row-level-security.ts';
import { vaultPolicyScope } from './checks/vault-policy.ts';
import type { AuditedTenant, AuditReport, CheckResult } from './types.ts';

/** Every check, in the order the reports list them. */
export const checks: Check[] = [
  rowLevelSecurity,
  realmMfa,
  vaultPolicyScope,
  credentialAge,
  backupPolicy,
  policyResults,
];

export const toolVersion = '0.1.0';

export interface AuditOptions {
  /** Tenants to audit by name; all when empty. */
  tenants?: string[];
  /** Told before and after each long step. */
  progress?: (line: string) => void;
}

async function listAll<T>(sources: Sources, plural: 'tenants' | 'editions'): Promise<T[]> {
  const list = (await sources.kubernetes.listClusterCustomObject({ group, version, plural })) as {
    items: T[];
  };
  return list.items;
}

/** Reads the targets: the named tenants (each must exist) or all, with their editions. */
export async function targetsOf(sources: Sources, names: string[] = []): Promise<Target[]> {
  const [tenants, editions] = await Promise.all([
    listAll<Tenant>(sources, 'tenants'),
    listAll<Edition>(sources, 'editions'),
  ]);
  const chosen = names.length
    ? tenants.filter((tenant) => names.includes(tenant.metadata.name))
    : tenants;
  const missing = names.filter((name) => !tenants.some((t) => t.metadata.name === name));
  if (missing.length) {
    throw new Error(
      `--tenant ${missing.join(', ')}: no such Tenant; kubectl get tenants lists the names`,
    );
  }
  const byName = new Map(editions.map((edition) => [edition.metadata.name, edition]));
  return chosen
    .map((tenant) => ({ tenant, edition: byName.get(tenant.spec.edition) }))
    .sort((a, b) => a.tenant.metadata.name.localeCompare(b.tenant.metadata.name));
}

/** Reads the live state of every target through each check, all checks at once. */
export async function runAudit(sources: Sources, options: AuditOptions = {}): Promise<AuditReport> {
  const progress = options.progress ?? (() => {});
  const startedAt = sources.now().toISOString();
  const targets = await targetsOf(sources, options.tenants);
  progress(`auditing ${targets.length} tenants with ${checks.length} checks`);
  const judged = await Promise.all(
    checks.map(async (check) => {
      const judge = await check.collect(sources, targets);
      const observedAt = sources.now().toISOString();
      progress(`read ${check.id}`);
      return { check, judge, observedAt };
    }),
  );
  const tenants: AuditedTenant[] = targets.map((target) => ({
    name: target.tenant.metadata.name,
    edition: target.tenant.spec.edition,
    ...(target.tenant.status?.phase ? { phase: target.tenant.status.phase } : {}),
    results: judged.map(
      ({ check, judge, observedAt }): CheckResult => ({
        check: check.id,
        tenant: target.tenant.metadata.name,
        controls: check.controls,
        observedAt,
        ...judge(target),
      }),
    ),
  }));
  return {
    tool: { name: 'inopsio audit', version: toolVersion },
    startedAt,
    finishedAt: sources.now().toISOString(),
    tenants,
  };
}
