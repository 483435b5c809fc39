-- The tenancy rules of every tenant home (a schema holding module tables), applied before any
-- module migration, with search_path set to the home's schema. Idempotent.

-- Which migration of which module ran here, and what its SQL was.
CREATE TABLE IF NOT EXISTS inopsio_migrations (
  module      text        NOT NULL,
  name        text        NOT NULL,
  checksum    text        NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now(),
  duration_ms integer     NOT NULL,
  PRIMARY KEY (module, name)
);

-- Tenants whose rows here are read-only for now (while their data moves to another home).
CREATE TABLE IF NOT EXISTS inopsio_frozen_tenants (
  tenant_id text PRIMARY KEY
);

-- Whether a tenant's rows here may be written. SECURITY DEFINER so that tenants need no
-- access to the table; inside it current_user is the owner, hence the parameter.
CREATE OR REPLACE FUNCTION inopsio_writable(tenant text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path FROM CURRENT
AS $$ SELECT NOT EXISTS (SELECT 1 FROM inopsio_frozen_tenants WHERE tenant_id = tenant) $$;

-- Refuses a frozen tenant's writes with an error a client can act on (SQLSTATE 25006), rather
-- than letting them match no rows.
CREATE OR REPLACE FUNCTION inopsio_refuse_frozen() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path FROM CURRENT
AS $$
BEGIN
  IF NOT inopsio_writable(current_user) THEN
    RAISE EXCEPTION 'tenant % is read-only while its data moves; retry in a few seconds', current_user
      USING ERRCODE = 'read_only_sql_transaction';
  END IF;
  RETURN NULL;
END
$$;

-- Puts a module table under the tenancy rules: row-level security, enabled and forced (so
-- not even the table's owner escapes it); rows visible and writable only to the tenant whose
-- role wrote them (tenant_id defaults to current_user); writes refused while frozen.
-- Migrations call it right after CREATE TABLE: SELECT inopsio_protect('crm_account');
CREATE OR REPLACE FUNCTION inopsio_protect(target regclass) RETURNS void
  LANGUAGE plpgsql
  SET search_path FROM CURRENT
AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('DROP POLICY IF EXISTS tenant_rows ON %s', target);
  EXECUTE format(
    'CREATE POLICY tenant_rows ON %s USING (tenant_id = current_user) WITH CHECK (tenant_id = current_user)',
    target);
  EXECUTE format('DROP TRIGGER IF EXISTS inopsio_frozen ON %s', target);
  EXECUTE format(
    'CREATE TRIGGER inopsio_frozen BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s '
    'FOR EACH STATEMENT EXECUTE FUNCTION inopsio_refuse_frozen()',
    target);
END
$$;
REVOKE ALL ON FUNCTION inopsio_protect(regclass) FROM PUBLIC;
