import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { BoundQueries } from '../db/index.js'
import { ReelError } from '../errors/index.js'
import type { addWriteKey, listWriteKeys, revokeWriteKey } from '../events/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const writeKeySchema = z.object({
  key: z.string(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
})

/**
 * The tracking API's write keys, as `reel keys` manages them (registered inside the admin API). Admins only,
 * the list too (`minimumRoleFor`): a key is a credential that sends events as the shop.
 */
export type WriteKeyStore = BoundQueries<{
  addWriteKey: typeof addWriteKey
  listWriteKeys: typeof listWriteKeys
  revokeWriteKey: typeof revokeWriteKey
}>

export const writeKeyRoutes: FastifyPluginAsync<{ writeKeys: WriteKeyStore }> = async (
  app,
  { writeKeys },
) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['keys']
  typed.get(
    '/write-keys',
    {
      schema: {
        description: 'Write keys, oldest first, revoked ones included (admins only: they are credentials).',
        tags,
        security: ADMIN_SECURITY,
        response: { 200: z.object({ writeKeys: z.array(writeKeySchema) }) },
      },
    },
    async () => ({
      writeKeys: (await writeKeys.listWriteKeys()).map((k) => ({
        key: k.key,
        name: k.name,
        createdAt: k.created_at.toISOString(),
        revokedAt: k.revoked_at?.toISOString() ?? null,
      })),
    }),
  )
  typed.post(
    '/write-keys',
    {
      schema: {
        description: 'Creates a write key for a source (a site, an app, a backend).',
        tags,
        security: ADMIN_SECURITY,
        body: z.object({ name: z.string().min(1).max(200) }),
        response: { 201: z.object({ key: z.string(), name: z.string() }) },
      },
    },
    async (request, reply) => {
      const key = await writeKeys.addWriteKey(request.body.name)
      return reply.code(201).send({ key, name: request.body.name })
    },
  )
  typed.post(
    '/write-keys/:key/revoke',
    {
      schema: {
        description: 'Stops accepting a write key, from the next request on.',
        tags,
        security: ADMIN_SECURITY,
        params: z.object({ key: z.string().min(1).max(200) }),
        response: { 200: z.object({ revoked: z.literal(true) }) },
      },
    },
    async ({ params }) => {
      if (!(await writeKeys.revokeWriteKey(params.key)))
        throw new ReelError('REEL_ERR_NOT_FOUND', `No active write key ${params.key}`)
      return { revoked: true as const }
    },
  )
}
