import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  CHANNEL_NAMES,
  type Channels,
  MESSAGE_TYPES,
  OUTBOX_STATES,
  PROVIDER_SETTING,
} from '../channels/index.js'
import { ReelError } from '../errors/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const outboxId = z.string().regex(/^\d{1,18}$/, 'expected a message id')
const email = z.email()

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

  typed.post(
    '/messages/:id/retry',
    {
      schema: {
        description:
          'Puts a dead (or failed) message back in the outbox: pending, due now, with a new round of tries (REEL_OUTBOX_MAX_ATTEMPTS). Answering again for a message already pending changes nothing; a message being sent or sent is refused with 409.',
        tags: ['messages'],
        security: ADMIN_SECURITY,
        params: z.object({ id: outboxId }),
        response: {
          200: z.object({
            id: z.string(),
            state: z.literal('pending'),
            retried: z.boolean().describe('false when it was pending already (a repeated retry)'),
          }),
        },
      },
    },
    async ({ params }) => {
      const outcome = await channels.retry(params.id)
      if (outcome.kind === 'unknown') throw new ReelError('REEL_ERR_NOT_FOUND', `No message ${params.id}`)
      if (outcome.kind === 'refused')
        throw new ReelError(
          'REEL_ERR_CONFLICT',
          `Message ${params.id} is ${outcome.state}: only a dead or failed message can be retried`,
        )
      return { id: params.id, state: 'pending' as const, retried: outcome.kind === 'retried' }
    },
  )

  typed.post(
    '/channels/:channel/test',
    {
      schema: {
        description:
          "Sends a test message to `to` through the channel's provider, by the outbox, and answers after its one try with the state it reached: `sent` (the provider accepted it), `failed` (refused for now: the outbox tries again) or `dead` (refused for good), with the provider's error. 409 when the channel has no provider configured.",
        tags: ['messages'],
        security: ADMIN_SECURITY,
        params: z.object({ channel: z.enum(CHANNEL_NAMES) }),
        body: z.strictObject({
          to: z
            .string()
            .trim()
            .min(1)
            .max(320)
            .describe(
              'an e-mail address (email), a phone number (sms), a messenger id; anything for webhook and log',
            ),
        }),
        response: {
          200: z.object({
            id: z.string().describe('the outbox message'),
            state: z.enum(OUTBOX_STATES),
            lastError: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { channel } = request.params
      const { to } = request.body
      if (channel === 'email' && !email.safeParse(to).success)
        throw new ReelError('REEL_ERR_INVALID_REQUEST', 'body.to: expected an e-mail address', [
          { field: 'body.to', problem: 'expected an e-mail address' },
        ])
      const result = await channels.sendTest(channel, to, request.adminCaller)
      if (result.kind === 'not-configured')
        throw new ReelError(
          'REEL_ERR_CONFLICT',
          // The log channel always has one: only the others come here.
          `No provider is configured for the ${channel} channel: set ${PROVIDER_SETTING[channel as keyof typeof PROVIDER_SETTING]} and restart Reel`,
        )
      return { id: result.id, state: result.state, lastError: result.lastError }
    },
  )
}
