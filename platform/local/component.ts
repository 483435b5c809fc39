import type { Credentials } from './credentials.ts';
import type { Report } from './report.ts';
import type { PortName, Settings } from './settings.ts';
import type { StatePaths } from './state.ts';
import type { ProcessSpec } from './supervisor.ts';

/** etcd, kube-apiserver, ... and applications started on top, such as the operator. */
export type ComponentName = string;

export interface Context {
  settings: Settings;
  state: StatePaths;
  credentials: Credentials;
  report: Report;
}

/** Something downloaded or built once per version into `<cache>/<name>/<version>/`. */
export interface Artifact {
  name: string;
  version: string;
  isCached(ctx: Context): boolean;
  obtain(ctx: Context): Promise<void>;
}

/** A probe failure that waiting will not cure, such as a password the data does not know. */
export class HopelessProbeError extends Error {
  override name = 'HopelessProbeError';
}

/** One server of the local platform. */
export interface Component {
  name: ComponentName;
  /** What must be downloaded or built first; none for the project's own programs. */
  artifact?: Artifact;
  /** Components that must be ready before this one starts. */
  needs: ComponentName[];
  /** The ports it binds, checked free before it starts. */
  ports: PortName[];
  /** Ports it binds that follow from another, as [the port's owner, port]. */
  derivedPorts?(ctx: Context): [PortName, number][];
  /** How long a start may take before it counts as failed (a cold Keycloak builds itself). */
  startTimeoutMs: number;
  /** Creates its configuration and, on first use, its data; idempotent. */
  prepare(ctx: Context): Promise<void>;
  process(ctx: Context): ProcessSpec;
  /**
   * Resolves when the server answers as ready; rejects with the reason otherwise, with a
   * HopelessProbeError when waiting longer cannot help.
   */
  probe(ctx: Context): Promise<void>;
}
