import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ReelError } from '../errors/index.js'
import { MIN_PASSWORD_LENGTH, ROLES, UserError, type Users } from '../users/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const userSchema = z.object({ email: z.string(), role: z.enum(ROLES), createdAt: z.string() })

/**
 * Dashboard users, as `reel users` manages them (registered inside the admin API; admins only, reads too:
 * `minimumRoleFor`).
 */
export const userRoutes: FastifyPluginAsync<{
  users: Pick<Users, 'list' | 'add' | 'removeKeepingAnAdmin'>
}> = async (app, { users }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['users']
  typed.get(
    '/users',
    {
      schema: {
        description: 'Who may sign in to the dashboard, and with which role, by e-mail.',
        tags,
        security: ADMIN_SECURITY,
        response: { 200: z.object({ users: z.array(userSchema) }) },
      },
    },
    async () => ({ users: await users.list() }),
  )
  typed.post(
    '/users',
    {
      schema: {
        description: `Adds a user, as \`reel users add\` does: an e-mail not taken (in any case), a role (${ROLES.join(', ')}) and a password of at least ${MIN_PASSWORD_LENGTH} characters. 409 when the e-mail is taken.`,
        tags,
        security: ADMIN_SECURITY,
        body: z.strictObject({
          email: z.email().max(320),
          role: z.enum(ROLES),
          password: z.string().min(MIN_PASSWORD_LENGTH).max(1000),
        }),
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const { email, role, password } = request.body
      try {
        return reply.code(201).send(await users.add(email, role, password))
      } catch (error) {
        if (error instanceof UserError) throw new ReelError('REEL_ERR_CONFLICT', error.message)
        throw error
      }
    },
  )
  typed.delete(
    '/users/:email',
    {
      schema: {
        description:
          'Removes a user and ends their sessions at once. 409 for your own account, and for the last admin (the dashboard would have nobody to manage it).',
        tags,
        security: ADMIN_SECURITY,
        params: z.object({ email: z.string().min(1).max(320) }),
        response: { 200: z.object({ removed: z.literal(true) }) },
      },
    },
    async (request) => {
      const { email } = request.params
      if (request.adminCaller.toLowerCase() === email.toLowerCase())
        throw new ReelError('REEL_ERR_CONFLICT', 'You cannot remove yourself: ask another admin')
      const outcome = await users.removeKeepingAnAdmin(email)
      if (outcome === 'unknown') throw new ReelError('REEL_ERR_NOT_FOUND', `No user ${email}`)
      if (outcome === 'last-admin')
        throw new ReelError('REEL_ERR_CONFLICT', `${email} is the last admin: make another admin first`)
      return { removed: true as const }
    },
  )
}
