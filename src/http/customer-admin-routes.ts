import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { type Consent, MESSAGE_TYPES, PERSONAL_CHANNELS } from '../consent/index.js'
import type { BoundQueries } from '../db/index.js'
import { ReelError } from '../errors/index.js'
import { decodeCustomerCursor, type getCustomer, type listCustomers } from '../profiles/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const customerListItem = z.object({
  customerId: z.string(),
  name: z.string().nullable().describe('the `name` trait, else the first name'),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  isMember: z.boolean(),
  ordersCount: z.number(),
  totalSpend: z.number(),
  currency: z.string().nullable(),
  lastSeenAt: z.string(),
})

const consentChoice = z.object({
  channel: z.enum(PERSONAL_CHANNELS),
  messageType: z.enum(MESSAGE_TYPES),
  allowed: z.boolean(),
  source: z
    .enum(['preference_centre', 'api', 'unsubscribe', 'import', 'traits', 'default'])
    .describe("who decided: a stored choice's source, identify `traits`, or the shop's `default`"),
  changedAt: z.string().nullable().describe('when the stored choice was made; null for traits and default'),
})

export interface CustomerAdminOptions {
  /** The profiles' reads, given their database by the composition root. */
  customers: BoundQueries<{ listCustomers: typeof listCustomers; getCustomer: typeof getCustomer }>
  consent: Pick<Consent, 'preferences'>
}

/** The dashboard's customer list and a customer's consent (registered inside the admin API). */
export const customerAdminRoutes: FastifyPluginAsync<CustomerAdminOptions> = async (
  app,
  { customers, consent },
) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['admin']
  const security = ADMIN_SECURITY

  typed.get(
    '/customers',
    {
      schema: {
        description:
          'Customers, newest seen first; `search` keeps those whose id or e-mail starts with it (any case), or whose phone number starts with its digits. Pass `next` as `after` for the following page.',
        tags,
        security,
        querystring: z.strictObject({
          search: z.string().max(200).optional(),
          after: z
            .string()
            .max(2000)
            .refine((c) => decodeCustomerCursor(c) !== undefined, 'expected the `next` of an earlier page')
            .optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
        }),
        response: { 200: z.object({ customers: z.array(customerListItem), next: z.string().nullable() }) },
      },
    },
    async ({ query }) => customers.listCustomers(query),
  )

  typed.get(
    '/customers/:id/consent',
    {
      schema: {
        description:
          'What the customer receives per personal channel and message type, who decided it and when: their stored choice, else their identify traits, else the shop’s default (REEL_MARKETING_CONSENT).',
        tags,
        security,
        params: z.object({ id: z.string().min(1).max(2000) }),
        response: { 200: z.object({ customerId: z.string(), choices: z.array(consentChoice) }) },
      },
    },
    async ({ params }) => {
      if (!(await customers.getCustomer(params.id)))
        throw new ReelError('REEL_ERR_NOT_FOUND', `No customer ${params.id}`)
      return consent.preferences(params.id)
    },
  )
}
