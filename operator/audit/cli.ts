/**
 * `inopsio audit`: reads the live state of each tenant and writes the evidence for ISO/IEC
 * 27001:2022 Annex A as JSON, OSCAL assessment results, HTML and PDF (docs/audit.md).
 *
 * Sources, as the operator takes them: $KUBECONFIG, $INOPSIO_POSTGRES_URL, $INOPSIO_VAULT_*,
 * $INOPSIO_KEYCLOAK_*; without $KUBECONFIG, the local platform's.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readEndpoints } from '@inopsio/platform/local';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { PostgresAdmin } from '../data/postgres.ts';
import { platformEnv } from '../dev/platform-env.ts';
import { Keycloak } from '../identity/keycloak.ts';
import { loadKubeconfig } from '../runtime/kubeconfig.ts';
import { defaultVaultLayout, Vault } from '../secrets/vault.ts';
import { runAudit } from './audit.ts';
import type { Sources } from './checks/check.ts';
import { renderHtml } from './html.ts';
import { controlSummaries } from './mapping.ts';
import { toOscal } from './oscal.ts';
import { printPdf } from './pdf.ts';

export const formats = ['json', 'oscal', 'html', 'pdf'] as const;
export type Format = (typeof formats)[number];

export const usage = `Usage: inopsio audit --out <dir> [--tenant <name>]... [--format json,oscal,html,pdf] [--concurrency 16]

Writes to <dir>: audit.json, assessment-results.json (OSCAL), report.html, report.pdf.`;

export interface AuditFlags {
  out: string;
  tenants: string[];
  formats: Format[];
  concurrency: number;
}

/** The flags, or an error naming the flag and the fix. */
export function parseAuditFlags(args: string[]): AuditFlags | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      tenant: { type: 'string', multiple: true },
      format: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (!values.out) throw new Error('--out is required: name the folder to write the reports to');
  const chosen = (values.format ?? formats.join(',')).split(',').map((f) => f.trim());
  const unknown = chosen.filter((f) => !(formats as readonly string[]).includes(f));
  if (unknown.length || chosen.length === 0) {
    throw new Error(`--format ${unknown.join(',')}: not a format; use any of ${formats.join(',')}`);
  }
  const concurrency = Number(values.concurrency ?? 16);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`--concurrency ${values.concurrency}: give a whole number of 1 or more`);
  }
  return {
    out: resolve(values.out),
    tenants: values.tenant ?? [],
    formats: chosen as Format[],
    concurrency,
  };
}

/** The sources from the environment (the operator's variables) or the local platform. */
export function sourcesFromEnvironment(concurrency: number): Sources {
  const env = process.env.KUBECONFIG
    ? process.env
    : { ...platformEnv(readEndpoints()), ...process.env };
  const kubeconfig = loadKubeconfig(env.KUBECONFIG ?? readEndpoints().kubernetes.kubeconfig);
  const keycloakUrl = env.INOPSIO_KEYCLOAK_URL;
  return {
    kubernetes: kubeconfig.makeApiClient(CustomObjectsApi),
    postgres: env.INOPSIO_POSTGRES_URL ? new PostgresAdmin(env.INOPSIO_POSTGRES_URL) : undefined,
    vault:
      env.INOPSIO_VAULT_ADDRESS && env.INOPSIO_VAULT_TOKEN
        ? new Vault({
            address: env.INOPSIO_VAULT_ADDRESS,
            token: env.INOPSIO_VAULT_TOKEN,
            mount: env.INOPSIO_VAULT_MOUNT ?? defaultVaultLayout.mount,
            kubernetesMount:
              env.INOPSIO_VAULT_KUBERNETES_MOUNT ?? defaultVaultLayout.kubernetesMount,
          })
        : undefined,
    keycloak:
      keycloakUrl && env.INOPSIO_KEYCLOAK_ADMIN_PASSWORD
        ? new Keycloak({
            url: keycloakUrl,
            adminUser: env.INOPSIO_KEYCLOAK_ADMIN_USER ?? 'admin',
            adminPassword: env.INOPSIO_KEYCLOAK_ADMIN_PASSWORD,
            publicUrl: env.INOPSIO_KEYCLOAK_PUBLIC_URL ?? keycloakUrl,
          })
        : undefined,
    concurrency,
    now: () => new Date(),
  };
}

/** Runs the audit and writes the chosen outputs; returns the files written. */
export async function audit(
  flags: AuditFlags,
  sources: Sources,
  progress: (line: string) => void = () => {},
): Promise<string[]> {
  const report = await runAudit(sources, { tenants: flags.tenants, progress });
  await mkdir(flags.out, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, text: string) => {
    const file = join(flags.out, name);
    await writeFile(file, text);
    written.push(file);
    return file;
  };
  const want = (format: Format) => flags.formats.includes(format);
  if (want('json')) await write('audit.json', `${JSON.stringify(report, null, 2)}\n`);
  if (want('oscal')) {
    await write('assessment-results.json', `${JSON.stringify(toOscal(report), null, 2)}\n`);
  }
  if (want('html') || want('pdf')) {
    const html = renderHtml(report);
    const scratch = want('html') ? undefined : await mkdtemp(join(tmpdir(), 'inopsio-audit-'));
    const htmlFile = scratch ? join(scratch, 'report.html') : await write('report.html', html);
    if (scratch) await writeFile(htmlFile, html);
    if (want('pdf')) {
      progress('printing report.pdf with headless Chromium');
      const pdfFile = join(flags.out, 'report.pdf');
      await printPdf(htmlFile, pdfFile);
      written.push(pdfFile);
    }
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
  for (const s of controlSummaries(report)) {
    progress(
      `${s.control} ${s.title}: ${s.state} (${s.pass} pass, ${s.fail} fail, ${s.notEvaluated} not evaluated)`,
    );
  }
  return written;
}

/** `inopsio audit [flags]`: the process's exit code. */
export async function main(args: string[]): Promise<number> {
  let flags: AuditFlags | 'help';
  try {
    flags = parseAuditFlags(args);
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (flags === 'help') {
    console.log(usage);
    return 0;
  }
  const sources = sourcesFromEnvironment(flags.concurrency);
  try {
    const written = await audit(flags, sources, (line) => console.log(line));
    for (const file of written) console.log(`wrote ${file}`);
    return 0;
  } finally {
    await sources.postgres?.end();
  }
}
