/** The ISO/IEC 27001:2022 Annex A controls the audit gives evidence for, with their titles. */
export const annexA: Record<string, string> = {
  'A.5.15': 'Access control',
  'A.5.17': 'Authentication information',
  'A.8.2': 'Privileged access rights',
  'A.8.3': 'Information access restriction',
  'A.8.5': 'Secure authentication',
  'A.8.9': 'Configuration management',
  'A.8.13': 'Information backup',
};

export const controlTitle = (id: string) => annexA[id] ?? 'Annex A control';

/** Annex A ids in their natural order: A.5.15 before A.8.2 before A.8.13. */
export function byControlId(a: string, b: string): number {
  const parts = (id: string) => id.replace(/^A\./, '').split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
