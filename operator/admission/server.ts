import { createServer, type Server } from 'node:https';
import type { Policies } from '../policy/types.ts';
import type { Logger } from '../runtime/logger.ts';
import type { WebhookTls } from './certificates.ts';
import { type AdmissionContext, type AdmissionRequest, review } from './review.ts';

/** The path the API server posts AdmissionReviews to. */
export const validatePath = '/validate';

const maxBody = 3 * 1024 * 1024;

/**
 * Serves the admission webhook over TLS: POST /validate with an AdmissionReview, answered
 * from the policies in process. Every replica serves it, leader or not.
 */
export function startWebhookServer(
  address: { host: string; port: number },
  tls: WebhookTls,
  policies: Policies,
  context: AdmissionContext,
  log: Logger,
): Promise<Server> {
  const server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url?.split('?')[0] !== validatePath) {
      reply(404, { message: `POST ${validatePath} only` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          request?: AdmissionRequest;
        };
        if (!body.request?.uid) {
          reply(400, { message: 'expected an admission.k8s.io/v1 AdmissionReview with a request' });
          return;
        }
        const answer = review(body.request, policies, context);
        if (!answer.response.allowed) {
          log.info(
            { kind: body.request.kind.kind, name: body.request.object?.metadata?.name },
            'admission refused',
          );
        }
        reply(200, answer);
      } catch (error) {
        log.error({ error: (error as Error).message }, 'admission review failed');
        reply(500, { message: (error as Error).message });
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve(server));
  });
}
