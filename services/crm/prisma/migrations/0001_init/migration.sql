-- crm: accounts, contacts, leads, opportunities and activities.
--
-- Runs with search_path set to the tenant's home, after bootstrap.sql: nothing here names a
-- schema. Every row carries tenant_id (the writing role, by default) and every foreign key
-- includes it, because foreign key checks bypass row-level security: the composite key is
-- what stops a row from pointing at another tenant's row in a pooled home.
--
-- Optional links use ON DELETE SET NULL (column), which clears only the link column;
-- a plain SET NULL would also clear tenant_id and fail.

CREATE TABLE crm_account (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     text        NOT NULL DEFAULT current_user,
  name          text        NOT NULL,
  domain        text,
  industry      text,
  phone         text,
  address_line1 text,
  address_line2 text,
  city          text,
  region        text,
  postal_code   text,
  country       text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);
SELECT inopsio_protect('crm_account');

CREATE INDEX crm_account_tenant_id_name_idx ON crm_account (tenant_id, name);
CREATE INDEX crm_account_tenant_id_domain_idx ON crm_account (tenant_id, domain);

-- A contact belongs to its account and goes with it.
CREATE TABLE crm_contact (
  id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  text        NOT NULL DEFAULT current_user,
  account_id uuid        NOT NULL,
  first_name text,
  last_name  text        NOT NULL,
  email      text,
  phone      text,
  title      text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES crm_account (tenant_id, id) ON DELETE CASCADE
);
SELECT inopsio_protect('crm_contact');

CREATE INDEX crm_contact_tenant_id_account_id_idx ON crm_contact (tenant_id, account_id);
CREATE INDEX crm_contact_tenant_id_email_idx ON crm_contact (tenant_id, email);
CREATE INDEX crm_contact_tenant_id_last_name_first_name_idx
  ON crm_contact (tenant_id, last_name, first_name);

CREATE TABLE crm_lead (
  id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id            text        NOT NULL DEFAULT current_user,
  name                 text        NOT NULL,
  company              text,
  email                text,
  phone                text,
  source               text,
  status               text        NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'contacted', 'qualified', 'disqualified', 'converted')),
  converted_contact_id uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  -- The contact a lead became; it may later be deleted, the lead stays converted.
  CONSTRAINT crm_lead_converted_contact_check
    CHECK (converted_contact_id IS NULL OR status = 'converted'),
  FOREIGN KEY (tenant_id, converted_contact_id) REFERENCES crm_contact (tenant_id, id)
    ON DELETE SET NULL (converted_contact_id)
);
SELECT inopsio_protect('crm_lead');

CREATE INDEX crm_lead_tenant_id_status_idx ON crm_lead (tenant_id, status);
CREATE INDEX crm_lead_tenant_id_email_idx ON crm_lead (tenant_id, email);
CREATE INDEX crm_lead_tenant_id_converted_contact_id_idx
  ON crm_lead (tenant_id, converted_contact_id);

CREATE TABLE crm_opportunity (
  id                  uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id           text          NOT NULL DEFAULT current_user,
  account_id          uuid          NOT NULL,
  primary_contact_id  uuid,
  name                text          NOT NULL,
  amount              numeric(14,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency            char(3)       NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  stage               text          NOT NULL DEFAULT 'prospecting'
    CHECK (stage IN ('prospecting', 'qualification', 'proposal', 'negotiation',
                     'closed_won', 'closed_lost')),
  probability         integer       NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
  expected_close_date date,
  created_at          timestamptz   NOT NULL DEFAULT now(),
  updated_at          timestamptz   NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES crm_account (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, primary_contact_id) REFERENCES crm_contact (tenant_id, id)
    ON DELETE SET NULL (primary_contact_id)
);
SELECT inopsio_protect('crm_opportunity');

CREATE INDEX crm_opportunity_tenant_id_account_id_idx ON crm_opportunity (tenant_id, account_id);
CREATE INDEX crm_opportunity_tenant_id_primary_contact_id_idx
  ON crm_opportunity (tenant_id, primary_contact_id);
CREATE INDEX crm_opportunity_tenant_id_stage_idx ON crm_opportunity (tenant_id, stage);
CREATE INDEX crm_opportunity_tenant_id_expected_close_date_idx
  ON crm_opportunity (tenant_id, expected_close_date);

-- An activity may stand alone (a plain task); deleting what it was about keeps it, unlinked.
CREATE TABLE crm_activity (
  id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      text        NOT NULL DEFAULT current_user,
  type           text        NOT NULL CHECK (type IN ('call', 'email', 'meeting', 'task', 'note')),
  subject        text        NOT NULL,
  notes          text,
  due_at         timestamptz,
  done_at        timestamptz,
  account_id     uuid,
  contact_id     uuid,
  lead_id        uuid,
  opportunity_id uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES crm_account (tenant_id, id)
    ON DELETE SET NULL (account_id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES crm_contact (tenant_id, id)
    ON DELETE SET NULL (contact_id),
  FOREIGN KEY (tenant_id, lead_id) REFERENCES crm_lead (tenant_id, id)
    ON DELETE SET NULL (lead_id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES crm_opportunity (tenant_id, id)
    ON DELETE SET NULL (opportunity_id)
);
SELECT inopsio_protect('crm_activity');

CREATE INDEX crm_activity_tenant_id_account_id_idx ON crm_activity (tenant_id, account_id);
CREATE INDEX crm_activity_tenant_id_contact_id_idx ON crm_activity (tenant_id, contact_id);
CREATE INDEX crm_activity_tenant_id_lead_id_idx ON crm_activity (tenant_id, lead_id);
CREATE INDEX crm_activity_tenant_id_opportunity_id_idx ON crm_activity (tenant_id, opportunity_id);
CREATE INDEX crm_activity_tenant_id_due_at_idx ON crm_activity (tenant_id, due_at);
