import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact, Component, Context } from '../component.ts';
import { buildGoPrograms, goBinary, isGoBuildCached } from '../obtain/go-build.ts';
import { expectOk } from '../probe.ts';
import { versions } from '../versions.ts';

const build = (ctx: Context) => ({
  component: 'etcd',
  dir: join(ctx.settings.cacheDir, 'etcd', versions.etcd),
  // etcd's go.mod has replace lines, so only a wrapper module can build it.
  tools: [`go.etcd.io/etcd/server/v3@v${versions.etcd}`],
  binaries: { etcd: 'go.etcd.io/etcd/server/v3' },
  report: ctx.report,
});

export const etcdArtifact: Artifact = {
  name: 'etcd',
  version: versions.etcd,
  isCached: (ctx) => isGoBuildCached(build(ctx)),
  obtain: (ctx) => buildGoPrograms(build(ctx)),
};

export const etcdUrl = (ctx: Context) => `http://127.0.0.1:${ctx.settings.ports.etcd}`;

export const etcd: Component = {
  name: 'etcd',
  artifact: etcdArtifact,
  needs: [],
  ports: ['etcd', 'etcdPeer'],
  startTimeoutMs: 60_000,
  async prepare(ctx) {
    await mkdir(ctx.state.data('etcd'), { recursive: true, mode: 0o700 });
  },
  process(ctx) {
    const peer = `http://127.0.0.1:${ctx.settings.ports.etcdPeer}`;
    return {
      command: goBinary(build(ctx), 'etcd'),
      args: [
        '--name=local',
        `--data-dir=${join(ctx.state.data('etcd'), 'data')}`,
        `--listen-client-urls=${etcdUrl(ctx)}`,
        `--advertise-client-urls=${etcdUrl(ctx)}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=local=${peer}`,
        // A throwaway development store: durability is traded for speed, as envtest does.
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
    };
  },
  async probe(ctx) {
    const body = await expectOk(`${etcdUrl(ctx)}/health`);
    if ((JSON.parse(body) as { health?: string }).health !== 'true') {
      throw new Error(`etcd reports itself unhealthy: ${body}`);
    }
  },
};
