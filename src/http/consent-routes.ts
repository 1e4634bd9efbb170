import formbody from '@fastify/formbody'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { type Consent, MESSAGE_TYPES, PERSONAL_CHANNELS } from '../consent/index.js'
import {
  choiceField,
  localeOf,
  PAGE_HEADERS,
  PREFERENCE_NOTICES,
  profileLocale,
  renderMessage,
  renderPreferences,
  renderUnsubscribe,
  sendHtml,
  stringsFor,
} from '../pages/index.js'

const token = z.string().max(200)

/**
 * The customer's consent pages: the preference centre `/p/:token` and the unsubscribe link `/u/:token`.
 * A POST to `/u/:token` unsubscribes with any body or none, so a mail provider's RFC 8058 one-click
 * (`List-Unsubscribe=One-Click`, url-encoded or multipart, no cookie) gets its 200.
 */
export const consentRoutes: FastifyPluginAsync<{ consent: Consent }> = async (app, { consent }) => {
  await app.register(formbody)
  // One-click posts may come as multipart/form-data: the body is not needed, only the POST.
  app.addContentTypeParser(['multipart/form-data', 'text/plain'], { parseAs: 'string' }, (_r, body, done) =>
    done(null, { raw: String(body).slice(0, 2000) }),
  )
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(PAGE_HEADERS)
    return payload
  })
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const t = stringsFor(localeOf(request))
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) request.log.error(error)
    return sendHtml(reply, status, await renderMessage(t, t.errorTitle, t.errorText))
  })
  const typed = app.withTypeProvider<ZodTypeProvider>()
  // The link's customer reads in their profile's language; the browser decides without one.
  const customerLocale = async (request: FastifyRequest, customerId: string) =>
    profileLocale(await consent.traitsOf(customerId)) ?? localeOf(request)
  const notFound = async (locale: ReturnType<typeof localeOf>) => {
    const t = stringsFor(locale)
    return renderMessage(t, t.notFoundTitle, t.consent.notFoundLink)
  }

  typed.get(
    '/p/:token',
    {
      schema: {
        hide: true,
        params: z.object({ token }),
        querystring: z.object({ notice: z.string().max(40).optional() }),
      },
    },
    async (request, reply) => {
      const target = await consent.linkTarget(request.params.token, 'preferences')
      if (!target) return sendHtml(reply, 404, await notFound(localeOf(request)))
      const locale = await customerLocale(request, target.customerId)
      const notice = PREFERENCE_NOTICES.find((n) => n === request.query.notice)
      const preferences = await consent.preferences(target.customerId)
      return sendHtml(
        reply,
        200,
        await renderPreferences(preferences, locale, { token: request.params.token, notice }),
      )
    },
  )

  typed.post(
    '/p/:token',
    {
      schema: {
        hide: true,
        params: z.object({ token }),
        body: z.record(z.string().max(60), z.string().max(100)).optional(),
      },
    },
    async (request, reply) => {
      const target = await consent.linkTarget(request.params.token, 'preferences')
      if (!target) return sendHtml(reply, 404, await notFound(localeOf(request)))
      const form = request.body ?? {}
      // Every box is on the page: an unchecked box is absent from the form and means no.
      const all = form.action === 'unsubscribe-all'
      const choices = PERSONAL_CHANNELS.flatMap((channel) =>
        MESSAGE_TYPES.map((messageType) => ({
          channel,
          messageType,
          allowed: form[choiceField(channel, messageType)] !== undefined,
        })),
      )
      await consent.setPreferences(
        target.customerId,
        all ? { unsubscribeAll: true } : { choices },
        all ? 'unsubscribe' : 'preference_centre',
      )
      const notice = all ? 'unsubscribed-all' : 'saved'
      return reply.redirect(`/p/${encodeURIComponent(request.params.token)}?notice=${notice}`, 303)
    },
  )

  typed.get('/u/:token', { schema: { hide: true, params: z.object({ token }) } }, async (request, reply) => {
    const target = await consent.linkTarget(request.params.token, 'unsubscribe')
    if (target?.purpose !== 'unsubscribe') return sendHtml(reply, 404, await notFound(localeOf(request)))
    const locale = await customerLocale(request, target.customerId)
    const { channel, messageType } = target
    const page = { token: request.params.token, channel, messageType, done: false }
    return sendHtml(reply, 200, await renderUnsubscribe(locale, page))
  })

  typed.post('/u/:token', { schema: { hide: true, params: z.object({ token }) } }, async (request, reply) => {
    const target = await consent.linkTarget(request.params.token, 'unsubscribe')
    if (target?.purpose !== 'unsubscribe') return sendHtml(reply, 404, await notFound(localeOf(request)))
    const locale = await customerLocale(request, target.customerId)
    const { customerId, channel, messageType } = target
    await consent.unsubscribe(customerId, channel, messageType)
    const preferencesUrl = new URL(await consent.preferenceUrl(customerId)).pathname
    const page = { token: request.params.token, channel, messageType, done: true, preferencesUrl }
    return sendHtml(reply, 200, await renderUnsubscribe(locale, page))
  })
}
