import { otherEditions, relevantTenants } from '../policy/context.ts';
import type { Policies, RuleResult } from '../policy/types.ts';

/** The parts of an admission.k8s.io/v1 AdmissionReview request the webhook reads. */
export interface AdmissionRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  name?: string;
  object?: { metadata?: { name?: string } };
  oldObject?: object;
}

export interface AdmissionResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; reason: string; message: string };
  };
}

/** What the rules see besides the object: every Edition and Tenant the operator knows. */
export interface AdmissionContext {
  editions: () => object[];
  tenants: () => object[];
  reservedNames?: string[];
}

/** One line per failed rule, naming the policy: kubectl shows them to the user. */
export const denialMessage = (kind: string, name: string, failed: RuleResult[]) =>
  `${kind} ${name} is refused by ${failed.length === 1 ? 'a policy' : `${failed.length} policies`}: ${failed
    .map((r) => `[${r.policy}] ${r.message}`)
    .join('; ')}`;

/**
 * Decides one AdmissionReview: Tenants and Editions being created or updated are checked
 * with the admission policies; every violation's message goes back to the user. Anything
 * else is allowed (the webhook is registered for those two only).
 */
export function review(
  request: AdmissionRequest,
  policies: Policies,
  context: AdmissionContext,
): AdmissionResponse {
  const allow = (allowed: boolean, message?: string): AdmissionResponse => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: {
      uid: request.uid,
      allowed,
      ...(message ? { status: { code: 403, reason: 'Forbidden', message } } : {}),
    },
  });
  const { kind } = request.kind;
  if (
    (kind !== 'Tenant' && kind !== 'Edition') ||
    (request.operation !== 'CREATE' && request.operation !== 'UPDATE') ||
    !request.object
  ) {
    return allow(true);
  }
  const name = request.object.metadata?.name ?? request.name ?? '';
  const results = policies.admission({
    operation: request.operation,
    object: request.object,
    ...(request.oldObject ? { oldObject: request.oldObject } : {}),
    editions: otherEditions(kind, request.object, context.editions()),
    tenants: relevantTenants(kind, request.object, context.tenants()),
    ...(context.reservedNames ? { reservedNames: context.reservedNames } : {}),
  });
  const failed = results.filter((r) => r.result === 'fail');
  return failed.length === 0 ? allow(true) : allow(false, denialMessage(kind, name, failed));
}
