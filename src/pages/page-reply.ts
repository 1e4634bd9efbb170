import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Locale, pickLocale } from './locale.js'

/** The reader's locale, from their browser's Accept-Language. */
export function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language'])
}

/** Sends a rendered page (the customer-pages plugin adds the security headers to every reply). */
export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(html)
}
