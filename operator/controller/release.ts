import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ModuleName, moduleNames } from '../api/v1alpha1/index.ts';

/** One release of Inopsio: the image of every module, from one manifest. */
export interface Release {
  version: string;
  /** The operator's own image. */
  operator: string;
  /** The port every module's container serves HTTP on. */
  port: number;
  images: Record<ModuleName, string>;
}

export const defaultReleaseFile = fileURLToPath(new URL('../release.json', import.meta.url));

/** Reads and checks a release manifest; a bad one is refused naming the field. */
export function loadRelease(file = defaultReleaseFile): Release {
  const release = JSON.parse(readFileSync(file, 'utf8')) as Partial<Release>;
  if (typeof release.version !== 'string') throw new Error(`${file}: version must be a string`);
  if (typeof release.operator !== 'string')
    throw new Error(`${file}: operator must name the operator's image`);
  if (!Number.isInteger(release.port)) throw new Error(`${file}: port must be an integer`);
  for (const module of moduleNames) {
    if (typeof release.images?.[module] !== 'string') {
      throw new Error(`${file}: images.${module} must name the image of the ${module} module`);
    }
  }
  return release as Release;
}

/** The registries (host and organisation) the release's module images come from. */
export const releaseRegistries = (release: Release): string[] => [
  ...new Set(Object.values(release.images).map((image) => image.split('/').slice(0, -1).join('/'))),
];
