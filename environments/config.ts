import type { AddOn } from './versions.ts';

/**
 * One environment: the Git revision Argo CD follows, the Pulumi stack underneath it, and the
 * few values that differ between environments. Everything else is shared.
 */
export interface EnvironmentConfig {
  name: string;
  /** The Pulumi stack (environments/stacks/Pulumi.<stack>.yaml) that made the cluster. */
  stack: string;
  /** The customer's fork of this repository. */
  repoURL: string;
  /** What Argo CD syncs: a branch for dev and staging, a release tag for production. */
  revision: string;
  domain: string;
  /** Replicas of the highly available add-ons (Argo CD, Keycloak, OpenBao). */
  replicas: number;
  /** Add-ons this environment leaves out. */
  without: AddOn[];
}

/** The customer changes this once, in their fork. */
export const repoURL = 'https://git.example.com/acme/inopsio.git';

const base = { repoURL, replicas: 3, without: [] } satisfies Partial<EnvironmentConfig>;

/** Production environments follow a release tag: promoting is moving the tag by pull request. */
const release = 'release-2026.11';

export const environments: EnvironmentConfig[] = [
  {
    ...base,
    name: 'dev',
    stack: 'dev',
    revision: 'main',
    domain: 'dev.inopsio.example',
    replicas: 1,
    // Traces are enough in dev; Loki's storage costs more than it helps there.
    without: ['loki'],
  },
  {
    ...base,
    name: 'staging',
    stack: 'staging',
    revision: 'main',
    domain: 'staging.inopsio.example',
    replicas: 2,
  },
  {
    ...base,
    name: 'prod-aws-eu-west-1',
    stack: 'prod-aws-eu-west-1',
    revision: release,
    domain: 'eu.inopsio.example',
  },
  {
    ...base,
    name: 'prod-azure-westeurope',
    stack: 'prod-azure-westeurope',
    revision: release,
    domain: 'weu.inopsio.example',
  },
  {
    ...base,
    name: 'prod-ovh-gra',
    stack: 'prod-ovh-gra',
    revision: release,
    domain: 'gra.inopsio.example',
  },
];
