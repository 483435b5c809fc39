/**
 * What the operator needs of the policy engine (policies/engine.ts, the OPA wasm bundles):
 * admission of Tenants and Editions, and checks of what it rendered. Tests and benchmarks
 * may wrap it.
 */
import type { PolicyEngine } from '@inopsio/policies';

export type {
  AdmissionInput,
  ResourceRef,
  RuleResult,
  Severity,
  WorkloadInput,
} from '@inopsio/policies';

export type Policies = Pick<PolicyEngine, 'admission' | 'workloads'>;
