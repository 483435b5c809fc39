import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import type { Artifact, Component, Context } from '../component.ts';
import { mavenCopyDependencies } from '../obtain/maven.ts';
import { findJavaHome } from '../obtain/prerequisites.ts';
import { runCommand } from '../obtain/run-command.ts';
import { versions } from '../versions.ts';

const artifactDir = (ctx: Context) => join(ctx.settings.cacheDir, 'kafka', versions.kafka);
const libs = (ctx: Context) => join(artifactDir(ctx), 'libs');
const pom = fileURLToPath(new URL('kafka.pom.xml', import.meta.url));

export const kafkaArtifact: Artifact = {
  name: 'kafka',
  version: versions.kafka,
  isCached: (ctx) => existsSync(libs(ctx)),
  async obtain(ctx) {
    const partial = `${libs(ctx)}.partial`;
    await rm(partial, { recursive: true, force: true });
    await mavenCopyDependencies(
      'kafka',
      pom,
      { 'kafka.version': versions.kafka },
      partial,
      ctx.report,
    );
    await rename(partial, libs(ctx));
  },
};

export const kafkaBrokers = (ctx: Context) => [`127.0.0.1:${ctx.settings.ports.kafka}`];

const java = () => join(findJavaHome(17, 'to run Kafka'), 'bin', 'java');
const configDir = (ctx: Context) => ctx.state.data('kafka');

/** A single KRaft node that is both broker and controller; every replication factor is 1. */
function serverProperties(ctx: Context): string {
  const { kafka, kafkaController } = ctx.settings.ports;
  return Object.entries({
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${kafkaController}`,
    listeners: `PLAINTEXT://127.0.0.1:${kafka},CONTROLLER://127.0.0.1:${kafkaController}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${kafka}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': join(configDir(ctx), 'data'),
    'num.partitions': 1,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': true,
  })
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

/** Warnings and up, plus the server's own start and stop lines. */
const log4j = `rootLogger.level=WARN
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.server.name=kafka.server.KafkaRaftServer
logger.server.level=INFO
`;

const classpath = (ctx: Context) => `${libs(ctx)}/*`;

export const kafka: Component = {
  name: 'kafka',
  artifact: kafkaArtifact,
  needs: [],
  ports: ['kafka', 'kafkaController'],
  startTimeoutMs: 120_000,
  async prepare(ctx) {
    const dir = configDir(ctx);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(join(dir, 'server.properties'), serverProperties(ctx));
    await writeFile(join(dir, 'log4j2.properties'), log4j);
    if (existsSync(join(dir, 'data', 'meta.properties'))) return;
    ctx.report('kafka', 'formatting the KRaft storage');
    // A Kafka cluster id is 16 random bytes in unpadded base64url.
    const clusterId = randomBytes(16).toString('base64url');
    await runCommand(
      java(),
      [
        '-cp',
        classpath(ctx),
        `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
        'kafka.tools.StorageTool',
        'format',
        '-t',
        clusterId,
        '-c',
        join(dir, 'server.properties'),
      ],
      { component: 'kafka', activity: 'formatting storage', report: ctx.report },
    );
  },
  process(ctx) {
    const dir = configDir(ctx);
    return {
      command: java(),
      args: [
        '-Xms128m',
        '-Xmx512m',
        '-cp',
        classpath(ctx),
        `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
        'kafka.Kafka',
        join(dir, 'server.properties'),
      ],
    };
  },
  async probe(ctx) {
    const admin = new Kafka({
      clientId: 'inopsio-local-probe',
      brokers: kafkaBrokers(ctx),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      retry: { retries: 0 },
    }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0) throw new Error('no broker registered yet');
    } finally {
      await admin.disconnect().catch(() => {});
    }
  },
};
