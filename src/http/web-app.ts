import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'

/** Where `npm run build` puts the dashboard (web/): the same path from src/http and from dist/http. */
export const WEB_APP_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url))

/** First path segments of the APIs, the customer's pages and the built assets: never answered with index.html. */
const NOT_THE_APP = new Set(['assets', 'api', 'v1', 'w', 'g', 'p', 'u', 'wallet', 'health'])

/** The app's page loads its scripts and styles from this origin only; nothing inline, never in a frame. */
const PAGE_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
}

const MISSING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reel: dashboard not built</title></head>
<body><h1>The dashboard is not built</h1><p>Run <code>npm run build</code>, then restart <code>reel serve</code>. The APIs under <code>/api/v1</code> and <code>/v1</code> work without it.</p></body></html>`

/** A browser asking for a page of the app: a GET for HTML outside the APIs' and customer pages' paths. */
function wantsTheApp(request: FastifyRequest): boolean {
  const first = request.url.split(/[/?#]/)[1] ?? ''
  return !NOT_THE_APP.has(first) && (request.headers.accept ?? '').includes('text/html')
}

/**
 * The dashboard at `/`: its hashed assets under /assets cached for a year (a new build has new names),
 * index.html never cached, and every other page path the browser asks for (a reload on /radar) answered
 * with index.html, whose router draws the page. Without a build, a 503 page says how to make one.
 */
export const webApp: FastifyPluginAsync<{ root?: string }> = async (app, { root = WEB_APP_ROOT }) => {
  const built = existsSync(join(root, 'index.html'))
  const sendPage = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!wantsTheApp(request)) return reply.callNotFound()
    if (!built)
      return reply.code(503).header('cache-control', 'no-cache').type('text/html').send(MISSING_PAGE)
    return reply.headers(PAGE_HEADERS).sendFile('index.html', root, { cacheControl: false })
  }
  if (built)
    await app.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      // One route per file, found at start: no wildcard that could answer for another route.
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (res) => {
        res.setHeader('cache-control', 'public, max-age=31536000, immutable')
        res.setHeader('x-content-type-options', 'nosniff')
      },
    })
  app.get('/', { schema: { hide: true } }, sendPage)
  app.get('/*', { schema: { hide: true } }, sendPage)
}
