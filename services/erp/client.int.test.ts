import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHome, testHome } from '../test-home.ts';
import { createClient, type ErpClient } from './client.ts';

/** The generated Prisma client against the reviewed SQL migrations: they cannot drift apart. */
describe('the erp Prisma client on a migrated tenant home', () => {
  let home: TestHome;
  let erp: ErpClient;
  beforeAll(async () => {
    home = await testHome('erp');
    erp = createClient(home);
  });
  afterAll(async () => {
    await erp.$disconnect();
    await home.remove();
  });

  it('creates and reads suppliers, purchase orders with lines, tax rates and invoices with lines', async () => {
    const supplier = await erp.supplier.create({
      data: {
        name: 'Paper Co',
        taxId: 'FR123',
        purchaseOrders: {
          create: [
            {
              number: 'PO-1',
              currency: 'EUR',
              lines: { create: [{ description: 'A4 paper', quantity: '10', unitPrice: '4.25' }] },
            },
          ],
        },
      },
      include: { purchaseOrders: { include: { lines: true } } },
    });
    expect(supplier.tenantId).toBe(home.role);
    expect(supplier.purchaseOrders[0]?.lines[0]?.amount.toString()).toBe('42.5');

    const vat = await erp.taxRate.create({ data: { name: 'VAT 20%', rate: '0.2' } });
    const invoice = await erp.invoice.create({
      data: {
        customerName: 'Acme',
        number: 'INV-1',
        dueDate: new Date('2027-01-31'),
        currency: 'EUR',
        lines: {
          create: [
            { description: 'Consulting', quantity: '2', unitPrice: '500', taxRateId: vat.id },
          ],
        },
      },
      include: { lines: true },
    });
    const line = invoice.lines[0];
    expect([
      line?.netAmount.toString(),
      line?.taxAmount.toString(),
      line?.grossAmount.toString(),
    ]).toEqual(['1000', '200', '1200']);
    expect(await erp.invoice.count()).toBe(1);
  });

  it('keeps a double-entry ledger: a balanced entry is booked, an unbalanced one refused', async () => {
    const [cash, revenue] = await Promise.all([
      erp.ledgerAccount.create({ data: { code: '512', name: 'Bank', type: 'asset' } }),
      erp.ledgerAccount.create({ data: { code: '706', name: 'Services', type: 'income' } }),
    ]);
    const entry = await erp.journalEntry.create({
      data: {
        memo: 'Invoice INV-1 paid',
        lines: {
          create: [
            { ledgerAccountId: cash.id, debit: '1200' },
            { ledgerAccountId: revenue.id, credit: '1200' },
          ],
        },
      },
      include: { lines: { include: { ledgerAccount: true } } },
    });
    expect(entry.lines.map((l) => l.ledgerAccount.code).sort()).toEqual(['512', '706']);
    await expect(
      erp.journalEntry.create({
        data: {
          memo: 'unbalanced',
          lines: {
            create: [
              { ledgerAccountId: cash.id, debit: '10' },
              { ledgerAccountId: revenue.id, credit: '9' },
            ],
          },
        },
      }),
    ).rejects.toThrow();
    expect(await erp.journalEntry.count()).toBe(1);
  });
});
