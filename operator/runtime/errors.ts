/**
 * One line for an error and its causes. A Kubernetes API error carries the server's Status in
 * its body; its `message` is what a person needs ("... is invalid: spec.x: ...").
 */
export function describeError(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const body = (e as { body?: unknown }).body;
    let text = e instanceof Error ? e.message : String(e);
    if (typeof body === 'string') {
      try {
        text = (JSON.parse(body) as { message?: string }).message ?? text;
      } catch {}
    }
    messages.push(text);
    if (!(e instanceof Error)) break;
  }
  return messages.join(': ');
}

/** Whether an API error carries this HTTP status (404 not found, 409 conflict, 410 gone). */
export const hasStatus = (error: unknown, code: number) =>
  (error as { code?: number; statusCode?: number }).code === code ||
  (error as { statusCode?: number }).statusCode === code;
