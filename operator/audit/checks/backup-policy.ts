import { durationMs, type EditionSpec } from '../../api/v1alpha1/index.ts';
import { type Outcome, outcome } from '../types.ts';
import { type Check, noEdition } from './check.ts';

/** The most data a restore may lose for any tenant (DESIGN: paid editions, ≤ 15 min). */
export const maxRpo = '15m';

/** Pass when the edition's backup RPO is at most 15 minutes and a retention is set. */
export function judgeBackup(
  backup: Partial<EditionSpec['backup']> | undefined,
  source: string,
): Outcome {
  const evidence = {
    rpo: backup?.rpo ?? 'absent',
    retention: backup?.retention ?? 'absent',
    maxRpo,
  };
  const problems: string[] = [];
  if (!backup?.rpo) problems.push('no backup.rpo');
  else if (durationMs(backup.rpo) > durationMs(maxRpo)) {
    problems.push(`backup.rpo ${backup.rpo} is longer than ${maxRpo}`);
  }
  if (!backup?.retention) problems.push('no backup.retention');
  return problems.length === 0
    ? outcome(
        'pass',
        `backups every ${backup?.rpo} at most, kept ${backup?.retention}`,
        source,
        evidence,
      )
    : outcome(
        'fail',
        `${problems.join('; ')}: set the edition's spec.backup.rpo to ${maxRpo} or less and a retention`,
        source,
        evidence,
      );
}

/** Reads nothing beyond the Edition the audit already listed. */
export const backupPolicy: Check = {
  id: 'backup-policy',
  controls: ['A.8.13'],
  async collect() {
    return (target) => {
      const source = `kubernetes edition ${target.tenant.spec.edition} (spec.backup)`;
      return target.edition
        ? judgeBackup(target.edition.spec.backup, source)
        : noEdition(target, source);
    };
  },
};
