import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CHANNEL_NAMES, type Channels, MESSAGE_TYPES, OUTBOX_STATES } from '../channels/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const messageSchema = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  channel: z.enum(CHANNEL_NAMES),
  customerId: z.string(),
  messageType: z.enum(MESSAGE_TYPES),
  to: z.string(),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  unsubscribeUrl: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
})

/** The outbox: every message Reel sent or will send, with its state (registered inside the admin API). */
export const messageRoutes: FastifyPluginAsync<{ channels: Channels }> = async (app, { channels }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  typed.get(
    '/messages',
    {
      schema: {
        description:
          'Messages in the outbox, newest first: pending, sending, sent, failed (to be retried) or dead (given up after the last try). Pass `next` as `after`.',
        tags: ['messages'],
        security: ADMIN_SECURITY,
        querystring: z.strictObject({
          customer: z.string().optional(),
          state: z.enum(OUTBOX_STATES).optional(),
          channel: z.enum(CHANNEL_NAMES).optional(),
          after: z
            .string()
            .regex(/^\d{1,18}$/, 'expected the `next` of an earlier page')
            .optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ messages: z.array(messageSchema), next: z.string().nullable() }) },
      },
    },
    async ({ query }) =>
      channels.listMessages({
        ...(query.customer ? { customerId: query.customer } : {}),
        ...(query.state ? { state: query.state } : {}),
        ...(query.channel ? { channel: query.channel } : {}),
        ...(query.after ? { after: query.after } : {}),
        limit: query.limit,
      }),
  )

  typed.get(
    '/channels',
    {
      schema: {
        description:
          'Every channel: whether a provider is configured (e-mail with REEL_SMTP_URL, SMS and messenger with their HTTP providers, webhook with REEL_WEBHOOK_URL; log always), its outbox messages by state, and how many wait for a provider (they are not tried, and go once one is configured).',
        tags: ['messages'],
        security: ADMIN_SECURITY,
        response: {
          200: z.object({
            channels: z.array(
              z.object({
                channel: z.enum(CHANNEL_NAMES),
                configured: z.boolean(),
                messages: z.record(z.enum(OUTBOX_STATES), z.number()),
                waitingForProvider: z
                  .number()
                  .describe('messages that wait, untried, until a provider for the channel is configured'),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ channels: await channels.overview() }),
  )
}
