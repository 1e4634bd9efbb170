import { type AnyDb, tablesOf } from '../db/index.js'
import type { ProfilesTables } from './migrations.js'

export { profilesMigrations } from './migrations.js'
export { type OrderTotalsReader, profilesProjection } from './projection.js'

export type CustomerProfile = ProfilesTables['customers']

/** One customer's profile, or undefined. */
export async function getCustomer(db: AnyDb, customerId: string): Promise<CustomerProfile | undefined> {
  return tablesOf<ProfilesTables>(db)
    .selectFrom('customers')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst()
}

/** Counts of profiles: members and anonymous visitors. */
export async function countCustomers(db: AnyDb): Promise<{ customers: number; members: number }> {
  const row = await tablesOf<ProfilesTables>(db)
    .selectFrom('customers')
    .select((eb) => [
      eb.fn.countAll<number>().as('customers'),
      eb.fn.count<number>('customer_id').filterWhere('is_member', '=', true).as('members'),
    ])
    .executeTakeFirstOrThrow()
  return { customers: Number(row.customers), members: Number(row.members) }
}
