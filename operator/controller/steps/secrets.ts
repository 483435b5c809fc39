import { randomBytes } from 'node:crypto';
import { durationMs, type TenantStatus } from '../../api/v1alpha1/index.ts';
import type { VaultPlatformSetup } from '../../secrets/platform-setup.ts';
import { type RotatedCredential, rotate } from '../../secrets/rotation.ts';
import {
  type CredentialName,
  credentials,
  sameRole,
  tenantAccessName,
  tenantFolder,
  tenantKubernetesRole,
  tenantPolicy,
} from '../../secrets/tenant-access.ts';
import { isVaultUnavailable, type Vault } from '../../secrets/vault.ts';
import { ConditionType } from '../conditions.ts';
import { renderInputs, type Step, type StepContext, whileAvailable } from './step.ts';

export interface SecretsPlane {
  vault: Vault;
  setup: VaultPlatformSetup;
  /**
   * How long an unchanged tenant's Vault objects go without being read again (a resync then
   * costs no request to Vault); drift made in Vault by hand is corrected within this.
   */
  recheckMs?: number;
  /** The clock rotations are judged by; tests move it. */
  now?: () => Date;
}

/** A rotation far away is looked at again within this; timers cannot wait for 30 days. */
const longestWaitMs = 3_600_000;

const generate = () => randomBytes(24).toString('base64url');

/** Vault being down (or sealed) is a condition reason of its own. */
const guarded = <T>(vault: Vault, run: () => Promise<T>) =>
  whileAvailable(
    {
      reason: 'VaultUnavailable',
      what: `Vault at ${vault.settings.address}`,
      isUnavailable: isVaultUnavailable,
    },
    run,
  );

/**
 * The tenant's place in Vault: its folder in the KV mount, a policy that reads only that
 * folder, a Kubernetes-auth role for the service accounts of its namespace, and the
 * credentials the operator generates (the database login, the gateway's client secret),
 * rotated on the edition's interval with an overlap. Later steps take the credentials from
 * here. Deletion revokes access; the folder goes too unless the policy is Retain.
 */
export function secretsStep(plane: SecretsPlane): Step {
  const { vault, setup } = plane;
  const now = plane.now ?? (() => new Date());
  const recheckMs = plane.recheckMs ?? 15 * 60_000;
  /** Per tenant: what the last full pass was for, when, and the credentials it left. */
  const checked = new Map<
    string,
    { inputs: string; at: number; credentials: StepContext['credentials'] }
  >();
  return {
    name: 'secrets',
    condition: ConditionType.SecretsReady,
    async reconcile(ctx) {
      const name = ctx.tenant.metadata.name;
      const access = tenantAccessName(name);
      const folder = tenantFolder(name);
      const policy = {
        intervalMs: durationMs(ctx.edition.spec.secrets.rotationInterval),
        overlapMs: durationMs(ctx.edition.spec.secrets.overlap),
      };
      const rotationOf = (credential: CredentialName) =>
        credentials[credential].rotates ? policy : { ...policy, intervalMs: Infinity };
      let nextCheckMs = longestWaitMs;
      const rotated: string[] = [];
      const names = Object.keys(credentials) as CredentialName[];
      const inputs = renderInputs(ctx);
      const last = checked.get(name);
      // Nothing changed and nothing falls due: the credentials of the last pass stand, and
      // a resync costs Vault nothing. Vault is read again after recheckMs.
      const outcomes = names.map((n) => {
        const kept = last?.credentials[n];
        return kept && rotate(kept, rotationOf(n), now(), generate);
      });
      const unchanged =
        last !== undefined &&
        last.inputs === inputs &&
        now().getTime() - last.at < recheckMs &&
        outcomes.every((outcome) => outcome?.change === 'kept');
      if (unchanged && last) {
        Object.assign(ctx.credentials, last.credentials);
        for (const outcome of outcomes)
          nextCheckMs = Math.min(nextCheckMs, outcome?.nextCheckMs ?? 0);
      } else {
        await guarded(vault, async () => {
          await setup.ensure();
          const hcl = tenantPolicy(vault.settings.mount, name);
          if ((await vault.readPolicy(access)) !== hcl) await vault.writePolicy(access, hcl);
          const role = tenantKubernetesRole(name);
          const existing = await vault.readKubernetesRole(access);
          if (!existing || !sameRole(existing, role)) await vault.writeKubernetesRole(access, role);
          for (const credential of names) {
            const path = `${folder}${credential}`;
            const stored = await vault.readSecret<RotatedCredential>(path);
            const outcome = rotate(stored, rotationOf(credential), now(), generate);
            if (outcome.change !== 'kept') await vault.writeSecret(path, outcome.credential);
            if (outcome.change === 'rotated') rotated.push(credential);
            ctx.credentials[credential] = outcome.credential;
            nextCheckMs = Math.min(nextCheckMs, outcome.nextCheckMs);
          }
        });
        checked.set(name, { inputs, at: now().getTime(), credentials: { ...ctx.credentials } });
      }
      if (rotated.length > 0) {
        await ctx.record({
          type: 'Normal',
          reason: 'CredentialsRotated',
          action: 'Rotate',
          note: `new ${rotated.join(' and ')} credentials in Vault; the old ones stay valid for ${ctx.edition.spec.secrets.overlap}`,
        });
      }
      const lastRotation = Object.values(ctx.credentials)
        .map((c) => c.current.createdAt)
        .sort()
        .at(-1);
      const report: NonNullable<TenantStatus['secrets']> = {
        path: `${vault.settings.mount}/${folder}`,
        policy: access,
        kubernetesRole: `${vault.settings.kubernetesMount}/${access}`,
        ...(lastRotation ? { lastRotation } : {}),
      };
      ctx.report.secrets = report;
      return {
        done: true,
        reason: 'Provisioned',
        message: `Vault path ${report.path} readable by policy ${access} through Kubernetes-auth role ${report.kubernetesRole} (service accounts of the tenant namespace)`,
        // Wake up for the next rotation or the end of an overlap (plus a little slack).
        requeueAfterMs: nextCheckMs + 1000,
      };
    },
    async finalize(ctx) {
      const name = ctx.tenant.metadata.name;
      const access = tenantAccessName(name);
      checked.delete(name);
      const keep = ctx.tenant.spec.deletionPolicy === 'Retain';
      await guarded(vault, async () => {
        await vault.deleteKubernetesRole(access);
        await vault.deletePolicy(access);
        if (!keep) await vault.deleteTree(tenantFolder(name));
      });
      return {
        done: true,
        reason: 'Deleting',
        message: `Vault role and policy ${access} deleted${keep ? '; secrets kept (deletionPolicy Retain)' : ' with the secrets'}`,
      };
    },
  };
}
