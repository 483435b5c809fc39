import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpResponse {
  status: number;
  body: string;
}

export interface HttpGetOptions {
  /** PEM of the CA that signed the server's certificate (https only). */
  ca?: string;
  token?: string;
  timeoutMs?: number;
}

/** One GET for readiness probes; rejects on connection errors and timeouts. */
export function httpGet(url: string, options: HttpGetOptions = {}): Promise<HttpResponse> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        ca: options.ca,
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
        timeout: options.timeoutMs ?? 2000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Resolves when GET `url` answers 200, else rejects with what it answered. */
export async function expectOk(url: string, options: HttpGetOptions = {}): Promise<string> {
  const { status, body } = await httpGet(url, options);
  if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${body.slice(0, 200)}`);
  return body;
}
