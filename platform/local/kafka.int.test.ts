import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { readEndpoints } from './endpoints.ts';

const { kafka: endpoints } = readEndpoints();
const id = randomBytes(4).toString('hex');
const topic = `probe-${id}`;
const kafka = new Kafka({
  clientId: `probe-${id}`,
  brokers: endpoints.brokers,
  logLevel: logLevel.NOTHING,
});

describe('the local Kafka', () => {
  const admin = kafka.admin();
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `probe-${id}` });

  afterAll(async () => {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('delivers a produced message to a consumer group', async () => {
    await admin.connect();
    expect(
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true }),
    ).toBe(true);
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'tenant-a', value: 'tenant.created' }] });

    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: string }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) =>
          resolve({ key: String(message.key), value: String(message.value) }),
      });
    });
    expect(received).toEqual({ key: 'tenant-a', value: 'tenant.created' });
  });
});
