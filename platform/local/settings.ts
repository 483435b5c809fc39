import { homedir } from 'node:os';
import { join } from 'node:path';

/** Every port the local platform binds on 127.0.0.1, by name; each can be overridden. */
export const defaultPorts = {
  etcd: 23790,
  etcdPeer: 23800,
  kubeApiserver: 26443,
  kubeControllerManager: 26257,
  postgres: 25432,
  keycloak: 28080,
  keycloakManagement: 28081,
  openbao: 28200,
  kafka: 29092,
  kafkaController: 29093,
  /** The operator's /metrics, /healthz and /readyz when `npm start` runs it. */
  operator: 28090,
  /** The operator's admission webhook (HTTPS) when `npm start` runs it. */
  operatorWebhook: 28091,
} as const;

export type PortName = keyof typeof defaultPorts;
export type Ports = Record<PortName, number>;

export interface Settings {
  /** Downloads and builds, keyed by version; survives `down`. */
  cacheDir: string;
  /** Data, logs, credentials and the endpoints file of one local platform. */
  stateDir: string;
  ports: Ports;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `kubeApiserver` → `--kube-apiserver-port`. */
export const portFlag = (name: PortName) => `--${kebab(name)}-port`;

/** `kubeApiserver` → `INOPSIO_KUBE_APISERVER_PORT`. */
export const portEnv = (name: PortName) =>
  `INOPSIO_${kebab(name).replaceAll('-', '_').toUpperCase()}_PORT`;

export const isRoot = () => process.getuid?.() === 0;

/**
 * Where state lives. PostgreSQL refuses to run as root, so a root user's platform runs it as
 * the `postgres` system user, which cannot enter /root: root's state therefore goes to
 * /var/lib/inopsio, everyone else's to $XDG_STATE_HOME.
 */
function defaultStateDir(env: NodeJS.ProcessEnv): string {
  if (isRoot()) return '/var/lib/inopsio/local';
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'inopsio', 'local');
}

function parsePort(raw: string, source: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${source} must be a TCP port between 1 and 65535, got '${raw}'`);
  }
  return port;
}

/** Settings from defaults, then environment variables, then command-line flags. */
export function resolveSettings(
  env: NodeJS.ProcessEnv = process.env,
  flags: Partial<Record<PortName, string>> = {},
): Settings {
  const ports = { ...defaultPorts } as Ports;
  for (const name of Object.keys(defaultPorts) as PortName[]) {
    const fromEnv = env[portEnv(name)];
    if (fromEnv) ports[name] = parsePort(fromEnv, portEnv(name));
    const fromFlag = flags[name];
    if (fromFlag) ports[name] = parsePort(fromFlag, portFlag(name));
  }
  const taken = new Map<number, PortName>();
  for (const [name, port] of Object.entries(ports) as [PortName, number][]) {
    const other = taken.get(port);
    if (other) {
      throw new Error(
        `${portFlag(name)} and ${portFlag(other)} are both ${port}: give each component its own port`,
      );
    }
    taken.set(port, name);
  }
  return {
    cacheDir:
      env.INOPSIO_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'inopsio'),
    stateDir: env.INOPSIO_STATE_DIR ?? defaultStateDir(env),
    ports,
  };
}
