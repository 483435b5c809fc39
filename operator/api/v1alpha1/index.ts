export * from './crds.ts';
export * from './duration.ts';
export * from './edition.ts';
export * from './modules.ts';
export * from './resources.ts';
export * from './tenant.ts';
