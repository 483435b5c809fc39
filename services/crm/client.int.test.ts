import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHome, testHome } from '../test-home.ts';
import { type CrmClient, createClient } from './client.ts';

/** The generated Prisma client against the reviewed SQL migrations: they cannot drift apart. */
describe('the crm Prisma client on a migrated tenant home', () => {
  let home: TestHome;
  let crm: CrmClient;
  beforeAll(async () => {
    home = await testHome('crm');
    crm = createClient(home);
  });
  afterAll(async () => {
    await crm.$disconnect();
    await home.remove();
  });

  it('creates and reads every model, stamped with the tenant', async () => {
    const account = await crm.account.create({
      data: {
        name: 'Acme Corporation',
        domain: 'acme.example',
        contacts: {
          create: [{ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' }],
        },
      },
      include: { contacts: true },
    });
    expect(account.tenantId).toBe(home.role);
    const contact = account.contacts[0];
    const lead = await crm.lead.create({
      data: {
        name: 'Grace Hopper',
        company: 'Navy',
        status: 'converted',
        convertedContactId: contact?.id,
      },
    });
    const opportunity = await crm.opportunity.create({
      data: {
        name: 'Enterprise plan',
        accountId: account.id,
        primaryContactId: contact?.id,
        amount: '125000.50',
        currency: 'EUR',
        stage: 'proposal',
        probability: 60,
      },
    });
    await crm.activity.create({
      data: {
        type: 'meeting',
        subject: 'Kick-off',
        accountId: account.id,
        opportunityId: opportunity.id,
        leadId: lead.id,
      },
    });

    const read = await crm.account.findUniqueOrThrow({
      where: { id: account.id },
      include: {
        contacts: true,
        opportunities: { include: { activities: true, primaryContact: true } },
        activities: true,
      },
    });
    expect(read.contacts.map((c) => c.lastName)).toEqual(['Lovelace']);
    expect(read.opportunities[0]?.amount.toString()).toBe('125000.5');
    expect(read.opportunities[0]?.primaryContact?.email).toBe('ada@acme.example');
    expect(read.opportunities[0]?.activities.map((a) => a.subject)).toEqual(['Kick-off']);
    expect(
      await crm.lead.findFirst({
        where: { status: 'converted' },
        include: { convertedContact: true },
      }),
    ).toMatchObject({
      convertedContact: { lastName: 'Lovelace' },
    });
  });

  it("refuses what the schema's checks forbid", async () => {
    const account = await crm.account.create({ data: { name: 'Initech' } });
    await expect(
      crm.opportunity.create({
        data: { name: 'x', accountId: account.id, currency: 'EUR', stage: 'maybe' },
      }),
    ).rejects.toThrow();
    await expect(crm.lead.create({ data: { name: 'x', status: 'lost' } })).rejects.toThrow();
  });
});
