/** `npm run bench -- <name> [args]` runs bench/<name>.ts; without a name, lists them. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const benchmarks = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && !/^(run|stats)\.|\.test\.ts$/.test(file))
  .map((file) => file.replace(/\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !benchmarks.includes(name)) {
  console.log(`Usage: npm run bench -- <name> [args]\nBenchmarks: ${benchmarks.join(', ')}`);
  process.exit(name ? 2 : 0);
}
const { status } = spawnSync(process.execPath, [`${here}${name}.ts`, ...args], {
  stdio: 'inherit',
});
process.exit(status ?? 1);
