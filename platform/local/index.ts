/** The local platform's public surface, for the operator, tools and tests. */
export type { Component, Context } from './component.ts';
export { type Endpoints, endpointsFile, endpointsOf, readEndpoints } from './endpoints.ts';
export { components, down, status, stopApplications, stopOnInterrupt, up } from './platform.ts';
export { freePort } from './ports.ts';
export { expectOk } from './probe.ts';
export { consoleReport, formatDuration, silentReport } from './report.ts';
export { defaultPorts, type PortName, resolveSettings } from './settings.ts';
