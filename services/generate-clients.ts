/**
 * `npm run generate:clients`: the Prisma client of every service module, from its
 * prisma/schema.prisma, into services/<module>/generated/ (not committed). Generation is
 * offline: Prisma 7's client needs no engine, and `prisma generate` only wants the schema
 * engine's path to name an existing file, which it does not run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const services = fileURLToPath(new URL('.', import.meta.url));
const prisma = createRequire(import.meta.url).resolve('prisma/build/index.js');

for (const module of readdirSync(services)) {
  const schema = join(services, module, 'prisma', 'schema.prisma');
  if (!existsSync(schema)) continue;
  execFileSync(process.execPath, [prisma, 'generate', '--schema', schema], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
      CHECKPOINT_DISABLE: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  console.log(`generated the ${module} Prisma client`);
}
