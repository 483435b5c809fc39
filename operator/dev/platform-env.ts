import type { Endpoints } from '@inopsio/platform/local';

/** The environment that points an operator at the local platform's PostgreSQL, Vault and Keycloak. */
export const platformEnv = (endpoints: Endpoints): NodeJS.ProcessEnv => ({
  INOPSIO_POSTGRES_URL: endpoints.postgres.url,
  INOPSIO_VAULT_ADDRESS: endpoints.openbao.address,
  INOPSIO_VAULT_TOKEN: endpoints.openbao.token,
  INOPSIO_KEYCLOAK_URL: endpoints.keycloak.url,
  INOPSIO_KEYCLOAK_ADMIN_USER: endpoints.keycloak.adminUser,
  INOPSIO_KEYCLOAK_ADMIN_PASSWORD: endpoints.keycloak.adminPassword,
});
