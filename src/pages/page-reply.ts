import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Reel } from '../app.js'
import { type Reader, readerOf } from '../locale/index.js'
import { getCustomer } from '../profiles/index.js'
import { type Locale, pickLocale } from './locale.js'

/**
 * The reader of a page for a known customer (null: someone we do not know): their profile's language and
 * time zone, else the browser's language and the shop's zone.
 */
export async function pageReader(
  reel: Reel,
  request: FastifyRequest,
  customerId: string | null,
): Promise<Reader> {
  const profile = customerId ? await getCustomer(reel.database.db, customerId) : undefined
  return readerOf(profile?.traits, localeOf(request), reel.config.consent.defaultTimeZone)
}

/** The reader's locale, from their browser's Accept-Language (a page for no one in particular). */
export function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language'])
}

/** Sends a rendered page (the customer-pages plugin adds the security headers to every reply). */
export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(html)
}
