/** The service modules an edition can include; each is a workload in the tenant's namespace. */
export const moduleNames = ['crm', 'erp', 'mail', 'workflow', 'notifications', 'inosec'] as const;
export type ModuleName = (typeof moduleNames)[number];

export const isModuleName = (name: string): name is ModuleName =>
  (moduleNames as readonly string[]).includes(name);

/** A CEL list literal of the module names, for rules on maps keyed by module. */
export const moduleNamesCel = `[${moduleNames.map((name) => `'${name}'`).join(', ')}]`;
