-- erp: suppliers and purchase orders, tax rates and invoices, a double-entry ledger.
--
-- Runs with search_path set to the tenant's home, after bootstrap.sql: nothing here names a
-- schema. Every row carries tenant_id (the writing role, by default) and every foreign key
-- includes it, because foreign key checks bypass row-level security: the composite key is
-- what stops a row from pointing at another tenant's row in a pooled home.
--
-- Lines go with their document (CASCADE); anything else that is referenced cannot be
-- deleted while it is (RESTRICT): books keep what they were posted against.
-- Functions keep the home's search_path (SET search_path FROM CURRENT) because clients name
-- the schema in their queries and may connect with any search_path.

CREATE TABLE erp_supplier (
  id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          text        NOT NULL DEFAULT current_user,
  name               text        NOT NULL,
  tax_id             text,
  email              text,
  phone              text,
  address_line1      text,
  address_line2      text,
  city               text,
  region             text,
  postal_code        text,
  country            text,
  payment_terms_days integer     NOT NULL DEFAULT 30 CHECK (payment_terms_days >= 0),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);
SELECT inopsio_protect('erp_supplier');

CREATE INDEX erp_supplier_tenant_id_name_idx ON erp_supplier (tenant_id, name);
CREATE INDEX erp_supplier_tenant_id_tax_id_idx ON erp_supplier (tenant_id, tax_id);

CREATE TABLE erp_purchase_order (
  id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   text        NOT NULL DEFAULT current_user,
  supplier_id uuid        NOT NULL,
  number      text        NOT NULL,
  status      text        NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'sent', 'received', 'cancelled')),
  order_date  date        NOT NULL DEFAULT current_date,
  currency    char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  notes       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, number),
  FOREIGN KEY (tenant_id, supplier_id) REFERENCES erp_supplier (tenant_id, id) ON DELETE RESTRICT
);
SELECT inopsio_protect('erp_purchase_order');

CREATE INDEX erp_purchase_order_tenant_id_supplier_id_idx
  ON erp_purchase_order (tenant_id, supplier_id);
CREATE INDEX erp_purchase_order_tenant_id_status_idx ON erp_purchase_order (tenant_id, status);
CREATE INDEX erp_purchase_order_tenant_id_order_date_idx
  ON erp_purchase_order (tenant_id, order_date);

CREATE TABLE erp_purchase_order_line (
  id                uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         text          NOT NULL DEFAULT current_user,
  purchase_order_id uuid          NOT NULL,
  position          integer       NOT NULL DEFAULT 0,
  description       text          NOT NULL,
  quantity          numeric(14,4) NOT NULL CHECK (quantity > 0),
  unit_price        numeric(14,4) NOT NULL CHECK (unit_price >= 0),
  amount            numeric(14,2) NOT NULL
    GENERATED ALWAYS AS (round(quantity * unit_price, 2)) STORED,
  created_at        timestamptz   NOT NULL DEFAULT now(),
  updated_at        timestamptz   NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES erp_purchase_order (tenant_id, id)
    ON DELETE CASCADE
);
SELECT inopsio_protect('erp_purchase_order_line');

CREATE INDEX erp_purchase_order_line_tenant_id_purchase_order_id_idx
  ON erp_purchase_order_line (tenant_id, purchase_order_id);

CREATE TABLE erp_tax_rate (
  id         uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  text         NOT NULL DEFAULT current_user,
  name       text         NOT NULL,
  rate       numeric(6,4) NOT NULL CHECK (rate BETWEEN 0 AND 1),
  created_at timestamptz  NOT NULL DEFAULT now(),
  updated_at timestamptz  NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, name)
);
SELECT inopsio_protect('erp_tax_rate');

CREATE TABLE erp_invoice (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     text        NOT NULL DEFAULT current_user,
  customer_name text        NOT NULL,
  number        text        NOT NULL,
  issue_date    date        NOT NULL DEFAULT current_date,
  due_date      date        NOT NULL,
  currency      char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status        text        NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'issued', 'paid', 'void')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, number),
  CONSTRAINT erp_invoice_due_date_check CHECK (due_date >= issue_date)
);
SELECT inopsio_protect('erp_invoice');

CREATE INDEX erp_invoice_tenant_id_status_idx ON erp_invoice (tenant_id, status);
CREATE INDEX erp_invoice_tenant_id_due_date_idx ON erp_invoice (tenant_id, due_date);
CREATE INDEX erp_invoice_tenant_id_customer_name_idx ON erp_invoice (tenant_id, customer_name);

-- applied_tax_rate is the rate of tax_rate_id when the line was written (0 without one),
-- kept so that changing a tax rate does not rewrite invoices already made; the amounts
-- follow from it and cannot disagree with quantity and price.
CREATE TABLE erp_invoice_line (
  id               uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        text          NOT NULL DEFAULT current_user,
  invoice_id       uuid          NOT NULL,
  position         integer       NOT NULL DEFAULT 0,
  description      text          NOT NULL,
  quantity         numeric(14,4) NOT NULL CHECK (quantity > 0),
  unit_price       numeric(14,4) NOT NULL CHECK (unit_price >= 0),
  tax_rate_id      uuid,
  applied_tax_rate numeric(6,4)  NOT NULL DEFAULT 0 CHECK (applied_tax_rate BETWEEN 0 AND 1),
  net_amount       numeric(14,2) NOT NULL
    GENERATED ALWAYS AS (round(quantity * unit_price, 2)) STORED,
  tax_amount       numeric(14,2) NOT NULL
    GENERATED ALWAYS AS (round(round(quantity * unit_price, 2) * applied_tax_rate, 2)) STORED,
  gross_amount     numeric(14,2) NOT NULL GENERATED ALWAYS AS (
    round(quantity * unit_price, 2) + round(round(quantity * unit_price, 2) * applied_tax_rate, 2)
  ) STORED,
  created_at       timestamptz   NOT NULL DEFAULT now(),
  updated_at       timestamptz   NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES erp_invoice (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, tax_rate_id) REFERENCES erp_tax_rate (tenant_id, id) ON DELETE RESTRICT
);
SELECT inopsio_protect('erp_invoice_line');

CREATE INDEX erp_invoice_line_tenant_id_invoice_id_idx ON erp_invoice_line (tenant_id, invoice_id);
CREATE INDEX erp_invoice_line_tenant_id_tax_rate_id_idx
  ON erp_invoice_line (tenant_id, tax_rate_id);

-- Sets applied_tax_rate from tax_rate_id on insert and when tax_rate_id changes; otherwise
-- keeps it, so it is never written directly. Generated columns are computed after this.
CREATE FUNCTION erp_invoice_line_apply_tax_rate() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path FROM CURRENT
AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.tax_rate_id IS DISTINCT FROM OLD.tax_rate_id THEN
    NEW.applied_tax_rate := coalesce(
      (SELECT rate FROM erp_tax_rate WHERE tenant_id = NEW.tenant_id AND id = NEW.tax_rate_id), 0);
  ELSE
    NEW.applied_tax_rate := OLD.applied_tax_rate;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER erp_invoice_line_apply_tax_rate
  BEFORE INSERT OR UPDATE ON erp_invoice_line
  FOR EACH ROW EXECUTE FUNCTION erp_invoice_line_apply_tax_rate();

CREATE TABLE erp_ledger_account (
  id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id  text        NOT NULL DEFAULT current_user,
  code       text        NOT NULL,
  name       text        NOT NULL,
  type       text        NOT NULL
    CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, code)
);
SELECT inopsio_protect('erp_ledger_account');

CREATE INDEX erp_ledger_account_tenant_id_type_idx ON erp_ledger_account (tenant_id, type);

CREATE TABLE erp_journal_entry (
  id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         text        NOT NULL DEFAULT current_user,
  entry_date        date        NOT NULL DEFAULT current_date,
  memo              text,
  invoice_id        uuid,
  purchase_order_id uuid,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  -- Posted against at most one source document.
  CONSTRAINT erp_journal_entry_source_check
    CHECK (num_nonnulls(invoice_id, purchase_order_id) <= 1),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES erp_invoice (tenant_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (tenant_id, purchase_order_id) REFERENCES erp_purchase_order (tenant_id, id)
    ON DELETE RESTRICT
);
SELECT inopsio_protect('erp_journal_entry');

CREATE INDEX erp_journal_entry_tenant_id_entry_date_idx
  ON erp_journal_entry (tenant_id, entry_date);
CREATE INDEX erp_journal_entry_tenant_id_invoice_id_idx
  ON erp_journal_entry (tenant_id, invoice_id);
CREATE INDEX erp_journal_entry_tenant_id_purchase_order_id_idx
  ON erp_journal_entry (tenant_id, purchase_order_id);

CREATE TABLE erp_journal_line (
  id                uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id         text          NOT NULL DEFAULT current_user,
  journal_entry_id  uuid          NOT NULL,
  ledger_account_id uuid          NOT NULL,
  debit             numeric(14,2) NOT NULL DEFAULT 0,
  credit            numeric(14,2) NOT NULL DEFAULT 0,
  memo              text,
  created_at        timestamptz   NOT NULL DEFAULT now(),
  updated_at        timestamptz   NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  CONSTRAINT erp_journal_line_side_check
    CHECK ((debit > 0 AND credit = 0) OR (credit > 0 AND debit = 0)),
  FOREIGN KEY (tenant_id, journal_entry_id) REFERENCES erp_journal_entry (tenant_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, ledger_account_id) REFERENCES erp_ledger_account (tenant_id, id)
    ON DELETE RESTRICT
);
SELECT inopsio_protect('erp_journal_line');

CREATE INDEX erp_journal_line_tenant_id_journal_entry_id_idx
  ON erp_journal_line (tenant_id, journal_entry_id);
CREATE INDEX erp_journal_line_tenant_id_ledger_account_id_idx
  ON erp_journal_line (tenant_id, ledger_account_id);

-- An entry's debits must equal its credits, checked at commit so that its lines can be
-- written one by one. Checks every entry a line left or joined (a deleted entry sums to 0).
-- Not SECURITY DEFINER: under forced row-level security its owner would see no tenant's lines.
CREATE FUNCTION erp_journal_entry_check_balance() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path FROM CURRENT
AS $$
DECLARE
  line    erp_journal_line;
  debits  numeric;
  credits numeric;
BEGIN
  FOREACH line IN ARRAY ARRAY[OLD, NEW] LOOP
    CONTINUE WHEN line IS NULL;
    SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO debits, credits
      FROM erp_journal_line
     WHERE tenant_id = line.tenant_id AND journal_entry_id = line.journal_entry_id;
    IF debits <> credits THEN
      RAISE EXCEPTION 'journal entry % does not balance: debits % <> credits %',
        line.journal_entry_id, debits, credits
        USING ERRCODE = 'check_violation', TABLE = 'erp_journal_line';
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER erp_journal_entry_balanced
  AFTER INSERT OR UPDATE OR DELETE ON erp_journal_line
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION erp_journal_entry_check_balance();
