import type { Condition } from '../api/v1alpha1/index.ts';

/** Condition types: one per provisioning step, and Ready. */
export const ConditionType = {
  NamespaceReady: 'NamespaceReady',
  SecretsReady: 'SecretsReady',
  DatabaseReady: 'DatabaseReady',
  IdentityReady: 'IdentityReady',
  WorkloadsReady: 'WorkloadsReady',
  PolicyCompliant: 'PolicyCompliant',
  Ready: 'Ready',
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

/** Condition reasons: CamelCase words for programs, kept in one place. */
export const Reason = {
  Reconciled: 'Reconciled',
  Applied: 'Applied',
  NamespaceTerminating: 'NamespaceTerminating',
  EditionNotFound: 'EditionNotFound',
  NotImplemented: 'NotImplemented',
  NotConfigured: 'NotConfigured',
  WaitingForPreviousStep: 'WaitingForPreviousStep',
  StepFailed: 'StepFailed',
  AllStepsReady: 'AllStepsReady',
  StepsNotReady: 'StepsNotReady',
  Suspended: 'Suspended',
  Deleting: 'Deleting',
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

export type ConditionStatus = Condition['status'];

/**
 * Sets a condition in a list, keeping its lastTransitionTime when its status is unchanged, so
 * that recomputing an unchanged state yields an identical status (and no write).
 */
export function setCondition(
  conditions: Condition[],
  next: Omit<Condition, 'lastTransitionTime'>,
  now: () => string = () => new Date().toISOString(),
): Condition[] {
  const previous = conditions.find((c) => c.type === next.type);
  const condition: Condition = {
    ...next,
    lastTransitionTime:
      previous && previous.status === next.status ? previous.lastTransitionTime : now(),
  };
  return previous
    ? conditions.map((c) => (c.type === next.type ? condition : c))
    : [...conditions, condition];
}

export const findCondition = (conditions: Condition[] | undefined, type: ConditionType) =>
  conditions?.find((c) => c.type === type);
