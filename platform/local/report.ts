/** Progress output: one line per event, prefixed with the component it concerns. */
export type Report = (component: string, message: string) => void;

export const consoleReport: Report = (component, message) => {
  console.log(`${`[${component}]`.padEnd(26)} ${message}`);
};

export const silentReport: Report = () => {};

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}
