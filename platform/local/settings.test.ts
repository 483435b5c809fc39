import { describe, expect, it } from 'vitest';
import { defaultPorts, portEnv, portFlag, resolveSettings } from './settings.ts';

describe('resolveSettings', () => {
  it('uses the default ports and XDG folders for a plain user', () => {
    const settings = resolveSettings({ XDG_CACHE_HOME: '/c', HOME: '/h' });
    expect(settings.ports).toEqual(defaultPorts);
    expect(settings.cacheDir).toBe('/c/inopsio');
  });

  it('lets a flag beat an environment variable, which beats the default', () => {
    const settings = resolveSettings(
      { INOPSIO_POSTGRES_PORT: '15432', INOPSIO_KAFKA_PORT: '19092' },
      { kafka: '19999' },
    );
    expect(settings.ports.postgres).toBe(15432);
    expect(settings.ports.kafka).toBe(19999);
    expect(settings.ports.etcd).toBe(defaultPorts.etcd);
  });

  it('names the flag and the environment variable of each port', () => {
    expect(portFlag('kubeApiserver')).toBe('--kube-apiserver-port');
    expect(portEnv('kubeApiserver')).toBe('INOPSIO_KUBE_APISERVER_PORT');
  });

  it('refuses a port that is not a port, naming where it came from', () => {
    expect(() => resolveSettings({ INOPSIO_ETCD_PORT: 'abc' })).toThrow(
      "INOPSIO_ETCD_PORT must be a TCP port between 1 and 65535, got 'abc'",
    );
    expect(() => resolveSettings({}, { keycloak: '70000' })).toThrow('--keycloak-port must be');
  });

  it('refuses two components on one port', () => {
    expect(() => resolveSettings({}, { kafka: String(defaultPorts.postgres) })).toThrow(
      `--kafka-port and --postgres-port are both ${defaultPorts.postgres}`,
    );
  });

  it('takes the cache and state folders from the environment', () => {
    const settings = resolveSettings({ INOPSIO_CACHE_DIR: '/x', INOPSIO_STATE_DIR: '/y' });
    expect(settings).toMatchObject({ cacheDir: '/x', stateDir: '/y' });
  });
});
