-- Rows in every table of the crm and erp modules, written as the tenant (its role, its
-- search_path): what the move tests copy and compare.
INSERT INTO crm_account (name, domain, city) SELECT 'account ' || n, 'a' || n || '.example', 'Lyon' FROM generate_series(1, 200) n;
INSERT INTO crm_contact (account_id, first_name, last_name, email) SELECT id, 'Ada', 'contact of ' || name, 'ada@' || domain FROM crm_account;
INSERT INTO crm_lead (name, company, status) SELECT 'lead ' || n, 'Company ' || n, 'qualified' FROM generate_series(1, 50) n;
INSERT INTO crm_opportunity (account_id, name, amount, currency, stage, probability) SELECT id, 'deal with ' || name, 1000.50, 'EUR', 'proposal', 40 FROM crm_account;
INSERT INTO crm_activity (type, subject, account_id) SELECT 'call', 'call ' || name, id FROM crm_account;
INSERT INTO erp_supplier (name, tax_id) SELECT 'supplier ' || n, 'FR' || n FROM generate_series(1, 20) n;
INSERT INTO erp_purchase_order (supplier_id, number, currency) SELECT id, 'PO-' || name, 'EUR' FROM erp_supplier;
INSERT INTO erp_purchase_order_line (purchase_order_id, description, quantity, unit_price) SELECT id, 'paper', 3, 4.25 FROM erp_purchase_order;
INSERT INTO erp_tax_rate (name, rate) VALUES ('VAT 20%', 0.2);
INSERT INTO erp_invoice (customer_name, number, due_date, currency) SELECT 'customer ' || n, 'INV-' || n, current_date + 30, 'EUR' FROM generate_series(1, 20) n;
INSERT INTO erp_invoice_line (invoice_id, description, quantity, unit_price, tax_rate_id) SELECT i.id, 'service', 2, 500, t.id FROM erp_invoice i CROSS JOIN erp_tax_rate t;
INSERT INTO erp_ledger_account (code, name, type) VALUES ('512', 'Bank', 'asset'), ('706', 'Sales', 'income');
WITH entry AS (INSERT INTO erp_journal_entry (memo) SELECT 'sale ' || n FROM generate_series(1, 20) n RETURNING id)
INSERT INTO erp_journal_line (journal_entry_id, ledger_account_id, debit, credit)
SELECT entry.id, account.id, CASE account.code WHEN '512' THEN 1200 ELSE 0 END, CASE account.code WHEN '706' THEN 1200 ELSE 0 END
FROM entry CROSS JOIN erp_ledger_account account;
