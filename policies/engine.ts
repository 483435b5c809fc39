/**
 * Evaluates the admission and workload policies from their committed wasm bundles
 * (policies/bundles/, `npm run build:policies`). Load once with `PolicyEngine.load()`; each
 * evaluation is synchronous and touches nothing but the wasm instance, for the webhook's budget.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LoadedPolicy, loadPolicy } from '@open-policy-agent/opa-wasm';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface PolicyMetadata {
  id: string;
  title: string;
  version: string;
  severity: Severity;
  controls: string[];
  group: 'admission' | 'workloads' | 'cloud';
}

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface RuleResult {
  policy: string;
  rule: string;
  result: 'pass' | 'fail';
  message: string;
  severity: Severity;
  controls: string[];
  resource?: ResourceRef;
  details?: Record<string, unknown>;
}

export interface AdmissionInput {
  operation: 'CREATE' | 'UPDATE';
  object: object;
  oldObject?: object;
  editions: object[];
  tenants: object[];
  reservedNames?: string[];
}

export interface WorkloadInput {
  tenant: string;
  production: boolean;
  allowedRegistries: string[];
  objects: object[];
}

/** Names no new tenant may take; a trailing * reserves a prefix. */
export const defaultReservedNames: string[] = [
  'admin',
  'api',
  'www',
  'auth',
  'gateway',
  'operator',
  'platform',
  'system',
  'default',
  'kube-*',
  'inopsio*',
];

const bundles = join(import.meta.dirname, 'bundles');

/** metadata.json: the annotations, plus what the engine needs to report passes. */
interface BundledMetadata extends PolicyMetadata {
  /** Every rule id a violation of this policy may carry. */
  rules?: string[];
  /** The kinds an admission policy checks; absent: every object. */
  kinds?: string[];
}

interface Violation {
  rule: string;
  message: string;
  details?: Record<string, unknown>;
  resource?: ResourceRef;
}

/** An entrypoint's value: violations by policy package within the group. */
type GroupResult = Record<string, Violation[]>;

type WasmGroup = 'admission' | 'workloads';

let loading: Promise<PolicyEngine> | undefined;

export class PolicyEngine {
  readonly #wasm: Record<WasmGroup, LoadedPolicy>;
  readonly #metadata: BundledMetadata[];

  private constructor(wasm: Record<WasmGroup, LoadedPolicy>, metadata: BundledMetadata[]) {
    this.#wasm = wasm;
    this.#metadata = metadata;
  }

  /** The engine over the committed bundles, loaded on the first call and shared after. */
  static load(): Promise<PolicyEngine> {
    loading ??= (async () => {
      const wasm = async (group: WasmGroup) =>
        loadPolicy(readFileSync(join(bundles, `${group}.wasm`)));
      const metadata = JSON.parse(
        readFileSync(join(bundles, 'metadata.json'), 'utf8'),
      ) as BundledMetadata[];
      return new PolicyEngine(
        { admission: await wasm('admission'), workloads: await wasm('workloads') },
        metadata,
      );
    })();
    return loading;
  }

  /** The admission policies that check `input.object`'s kind, one row per rule or violation. */
  admission(input: AdmissionInput): RuleResult[] {
    const {
      apiVersion = '',
      kind = '',
      metadata,
    } = input.object as {
      apiVersion?: string;
      kind?: string;
      metadata?: { name?: string };
    };
    const violations = this.#evaluate('admission', {
      ...input,
      reservedNames: input.reservedNames ?? defaultReservedNames,
    });
    // Passes are about the object under admission too.
    const resource = { apiVersion, kind, name: metadata?.name ?? '' };
    return this.#results(
      'admission',
      violations,
      (p) => !p.kinds || p.kinds.includes(kind),
      resource,
    );
  }

  /** The workload policies over a tenant's rendered objects, one row per rule or violation. */
  workloads(input: WorkloadInput): RuleResult[] {
    return this.#results('workloads', this.#evaluate('workloads', input), () => true);
  }

  /** Every policy, the cloud ones (evaluated by the OPA CLI) included. */
  policies(): PolicyMetadata[] {
    return this.#metadata.map(({ id, title, version, severity, controls, group }) => ({
      id,
      title,
      version,
      severity,
      controls,
      group,
    }));
  }

  #evaluate(group: WasmGroup, input: object): GroupResult {
    const [first] = this.#wasm[group].evaluate(input) as { result?: GroupResult }[];
    return first?.result ?? {};
  }

  #results(
    group: WasmGroup,
    violations: GroupResult,
    applies: (p: BundledMetadata) => boolean,
    resource?: ResourceRef,
  ): RuleResult[] {
    return this.#metadata
      .filter((p) => p.group === group && applies(p))
      .flatMap((p) => {
        const found = violations[p.id.slice(group.length + 1)] ?? [];
        const row = { policy: p.id, severity: p.severity, controls: p.controls };
        const fails = found.map(
          (v): RuleResult => ({
            ...row,
            rule: v.rule,
            result: 'fail',
            message: v.message,
            ...(v.resource && { resource: v.resource }),
            ...(v.details && { details: v.details }),
          }),
        );
        const passes = (p.rules ?? [])
          .filter((rule) => !found.some((v) => v.rule === rule))
          .map(
            (rule): RuleResult => ({
              ...row,
              rule,
              result: 'pass',
              message: p.title,
              ...(resource && { resource }),
            }),
          );
        return [...passes, ...fails];
      });
  }
}
