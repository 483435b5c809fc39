/**
 * The admission webhook under load: a webhook server (the operator's own code and the
 * policies' wasm bundles) in one process, and this process sending it AdmissionReviews of
 * Tenants over HTTPS on loopback at a fixed rate, half of them to be refused. Prints the round
 * trip and the evaluation alone (p50/p95/p99/max).
 *
 *   npm run bench -- policy [requests-per-second=200] [seconds=20] [tenants=1000]
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:https';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PolicyEngine } from '@inopsio/policies';
import { createWebhookTls } from '../operator/admission/certificates.ts';
import { startWebhookServer, validatePath } from '../operator/admission/server.ts';
import type { AdmissionInput } from '../operator/policy/types.ts';
import { createLogger } from '../operator/runtime/logger.ts';
import { editionObject, editionSpec, tenantObject, tenantSpec } from '../operator/test/fixtures.ts';
import { percentile, table } from './stats.ts';

const [mode] = process.argv.slice(2);
const edition = editionObject('business', editionSpec());

if (mode === 'serve') {
  // The server process: prints its CA, then on SIGTERM the evaluation times it measured.
  const tenants = Array.from({ length: Number(process.argv[3] ?? 1000) }, (_, i) =>
    tenantObject(`t${i}`, tenantSpec('business', { domains: [`t${i}.bench.example`] })),
  );
  const engine = await PolicyEngine.load();
  const evaluations: number[] = [];
  const timed = {
    admission(input: AdmissionInput) {
      const started = performance.now();
      const results = engine.admission(input);
      evaluations.push(performance.now() - started);
      return results;
    },
    workloads: engine.workloads.bind(engine),
  };
  const tls = createWebhookTls(['localhost', '127.0.0.1']);
  const server = await startWebhookServer(
    { host: '127.0.0.1', port: 0 },
    tls,
    timed,
    { editions: () => [edition], tenants: () => tenants },
    createLogger('error'),
  );
  const address = server.address() as { port: number };
  console.log(JSON.stringify({ port: address.port, caCert: tls.caCert }));
  process.once('SIGTERM', () => {
    console.log(JSON.stringify({ evaluations }));
    server.close(() => process.exit(0));
  });
} else {
  const [perSecond = 200, seconds = 20, tenants = 1000] = process.argv.slice(2).map(Number);
  const here = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [here, 'serve', String(tenants)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((resolve) => lines.once('line', (line: string) => resolve(line)));
  const { port, caCert } = JSON.parse(await next()) as { port: number; caCert: string };
  const agent = new Agent({ ca: caCert, keepAlive: true, maxSockets: 16 });
  const review = (i: number) =>
    JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: `req-${i}`,
        kind: { group: 'platform.inopsio.io', version: 'v1alpha1', kind: 'Tenant' },
        operation: 'CREATE',
        object: tenantObject(
          `new-${i}`,
          // Every other one claims a domain another tenant has, and a region not allowed.
          i % 2
            ? tenantSpec('business', {
                domains: ['t1.bench.example'],
                placement: { provider: 'aws', region: 'us-east-1' },
              })
            : tenantSpec('business'),
        ),
      },
    });
  const send = (body: string) =>
    new Promise<{ ms: number; allowed: boolean }>((resolve, reject) => {
      const started = performance.now();
      const call = request(
        {
          host: '127.0.0.1',
          port,
          path: validatePath,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const answer = JSON.parse(Buffer.concat(chunks).toString()) as {
              response: { allowed: boolean };
            };
            resolve({ ms: performance.now() - started, allowed: answer.response.allowed });
          });
        },
      );
      call.on('error', reject);
      call.end(body);
    });
  console.log(
    `policy benchmark: ${perSecond} AdmissionReviews/s for ${seconds} s against ${tenants} tenants`,
  );
  for (let i = 0; i < 50; i++) await send(review(i)); // warm-up: JIT, TLS sessions
  const total = perSecond * seconds;
  const pending: Promise<{ ms: number; allowed: boolean }>[] = [];
  const began = performance.now();
  for (let i = 0; i < total; i++) {
    const due = began + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(send(review(i)));
  }
  const answers = await Promise.all(pending);
  const elapsed = (performance.now() - began) / 1000;
  child.kill('SIGTERM');
  const { evaluations } = JSON.parse(await next()) as { evaluations: number[] };
  agent.destroy();
  const ms = (values: number[]) =>
    [50, 95, 99]
      .map((p) => percentile(values, p).toFixed(2))
      .concat(Math.max(...values).toFixed(2));
  const refused = answers.filter((a) => !a.allowed).length;
  console.log(
    `\n${answers.length} reviews in ${elapsed.toFixed(1)} s (${(answers.length / elapsed).toFixed(0)}/s), ${refused} refused\n`,
  );
  console.log(
    table(
      ['milliseconds', 'p50', 'p95', 'p99', 'max'],
      [
        ['round trip (HTTPS, loopback)', ...ms(answers.map((a) => a.ms))],
        ['evaluation (wasm)', ...ms(evaluations.slice(50))],
      ],
    ),
  );
}
