import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { NOW, openTestShop, type TestShop } from '../pages/test-support.js'
import { bearer, engines } from '../test-support/engines.js'
import { documentedOperations } from '../test-support/fuzz-operations.js'

const PASSWORD = 'twelve chars or more'
const HOUR_MS = 3_600_000
type Injected = Awaited<ReturnType<TestShop['app']['inject']>>
const error = (res: Injected) => res.json().error as { code: string; message: string }

for (const engine of engines) {
  describe(`dashboard sessions on ${engine.name}`, { skip: engine.skip }, () => {
    let shop: TestShop
    let now = NOW
    let campaignId = ''
    // Each test signs in from an address of its own, so the per-address limit counts only its attempts.
    let address = 0
    before(async () => {
      shop = await openTestShop(engine, () => now, { REEL_TRUST_PROXY: 'true' })
      await shop.reel.users.add('Admin@Shop.kr', 'admin', PASSWORD)
      await shop.reel.users.add('mina@shop.kr', 'marketer', PASSWORD)
      await shop.reel.users.add('joon@shop.kr', 'viewer', PASSWORD)
      const list = await shop.app.inject({ url: '/api/v1/campaigns', headers: { authorization: bearer() } })
      campaignId = list.json().campaigns[0].id
    })
    after(async () => shop?.close())

    const signIn = async (email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
      shop.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email, password },
        headers,
        remoteAddress: `10.0.0.${++address % 250}`,
      })
    /** Signs in and answers the Cookie header and the CSRF token to send. */
    const session = async (email: string) => {
      const res = await signIn(email)
      assert.equal(res.statusCode, 200, res.body)
      const cookie = String(res.headers['set-cookie']).split(';')[0] ?? ''
      return { cookie, csrf: res.json().csrfToken as string }
    }
    const call = (
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      headers: Record<string, string>,
      payload?: object,
    ) => shop.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })

    test('signing in sets an HttpOnly SameSite=Strict cookie and answers the user and a CSRF token', async () => {
      const res = await signIn('admin@shop.kr')
      assert.equal(res.statusCode, 200, res.body)
      const body = res.json()
      assert.deepEqual(body.user, { email: 'Admin@Shop.kr', role: 'admin' })
      assert.match(body.csrfToken, /^[\w-]{43}$/)
      const cookie = String(res.headers['set-cookie'])
      assert.match(cookie, /^reel_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=604800$/)
      assert.equal(res.headers['cache-control'], 'no-store')
      const again = await call('GET', '/api/v1/session', { cookie: cookie.split(';')[0] ?? '' })
      assert.equal(again.statusCode, 200)
      assert.deepEqual(again.json(), body)
    })

    test('over https (as the trusted proxy says) the cookie is Secure too', async () => {
      const res = await signIn('mina@shop.kr', PASSWORD, { 'x-forwarded-proto': 'https' })
      assert.equal(res.statusCode, 200)
      assert.match(String(res.headers['set-cookie']), /; Secure$/)
    })

    test('a wrong password and an unknown e-mail get the same 401', async () => {
      const wrong = await signIn('mina@shop.kr', 'not the password')
      const unknown = await signIn('nobody@shop.kr', PASSWORD)
      for (const res of [wrong, unknown]) {
        assert.equal(res.statusCode, 401)
        assert.equal(res.headers['set-cookie'], undefined)
      }
      assert.deepEqual(wrong.json(), unknown.json())
      assert.equal(error(wrong).code, 'REEL_ERR_UNAUTHORIZED')
    })

    test('sign-in attempts for one e-mail are limited, whatever the address', async () => {
      const statuses = []
      for (let i = 0; i < 11; i++)
        statuses.push((await signIn('hana@shop.kr', 'guess number one')).statusCode)
      assert.deepEqual(statuses, [...Array(10).fill(401), 429])
    })

    test('with a cookie, a change needs the session’s X-CSRF-Token', async () => {
      const { cookie, csrf } = await session('mina@shop.kr')
      const pause = `/api/v1/campaigns/${campaignId}/pause`
      const none = await call('POST', pause, { cookie })
      assert.equal(none.statusCode, 403)
      assert.equal(error(none).code, 'REEL_ERR_CSRF')
      assert.match(error(none).message, /^headers\.x-csrf-token: /)
      const wrong = await call('POST', pause, { cookie, 'x-csrf-token': `${csrf.slice(1)}x` })
      assert.equal(error(wrong).code, 'REEL_ERR_CSRF')
      const right = await call('POST', pause, { cookie, 'x-csrf-token': csrf })
      assert.equal(right.statusCode, 200, right.body)
      assert.equal(right.json().state, 'paused')
    })

    test('a viewer reads but may not change anything', async () => {
      const { cookie, csrf } = await session('joon@shop.kr')
      assert.equal((await call('GET', '/api/v1/stats', { cookie })).statusCode, 200)
      const res = await call('POST', `/api/v1/campaigns/${campaignId}/pause`, {
        cookie,
        'x-csrf-token': csrf,
      })
      assert.equal(res.statusCode, 403)
      assert.equal(error(res).code, 'REEL_ERR_FORBIDDEN')
      assert.match(error(res).message, /needs the marketer role/)
    })

    test('a marketer may not manage write keys; an admin and the bearer token may', async () => {
      const addKey = async (email: string) => {
        const { cookie, csrf } = await session(email)
        return call('POST', '/api/v1/write-keys', { cookie, 'x-csrf-token': csrf }, { name: 'site' })
      }
      const refused = await addKey('mina@shop.kr')
      assert.equal(refused.statusCode, 403)
      assert.match(error(refused).message, /needs the admin role/)
      const made = await addKey('admin@shop.kr')
      assert.equal(made.statusCode, 201, made.body)
      const revoked = await call('POST', `/api/v1/write-keys/${made.json().key}/revoke`, {
        authorization: bearer(),
      })
      assert.equal(revoked.statusCode, 200, 'the bearer token needs no CSRF token')
      const keys = await call('GET', '/api/v1/write-keys', { authorization: bearer() })
      assert.ok(
        keys
          .json()
          .writeKeys.some(
            (k: { name: string; revokedAt: string | null }) => k.name === 'site' && k.revokedAt,
          ),
      )
    })

    test('a wrong bearer token is refused even with a valid cookie', async () => {
      const { cookie } = await session('admin@shop.kr')
      const res = await call('GET', '/api/v1/stats', { cookie, authorization: 'Bearer wrong' })
      assert.equal(res.statusCode, 401)
    })

    test('signing out needs the CSRF token, clears the cookie, and the session opens nothing after', async () => {
      const { cookie, csrf } = await session('mina@shop.kr')
      assert.equal((await call('DELETE', '/api/v1/session', { cookie })).statusCode, 403)
      const out = await call('DELETE', '/api/v1/session', { cookie, 'x-csrf-token': csrf })
      assert.equal(out.statusCode, 204)
      assert.match(
        String(out.headers['set-cookie']),
        /^reel_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/,
      )
      assert.equal((await call('GET', '/api/v1/session', { cookie })).statusCode, 401)
      assert.equal((await call('GET', '/api/v1/stats', { cookie })).statusCode, 401)
    })

    test('a session ends after 12 idle hours, and 7 days after sign-in however used', async () => {
      const start = now
      try {
        const idle = await session('joon@shop.kr')
        now = new Date(start.getTime() + 12 * HOUR_MS - 1)
        assert.equal((await call('GET', '/api/v1/session', { cookie: idle.cookie })).statusCode, 200)
        now = new Date(now.getTime() + 12 * HOUR_MS)
        assert.equal((await call('GET', '/api/v1/stats', { cookie: idle.cookie })).statusCode, 401)

        now = start
        const busy = await session('joon@shop.kr')
        for (let hours = 11; hours < 7 * 24; hours += 11) {
          now = new Date(start.getTime() + hours * HOUR_MS)
          assert.equal(
            (await call('GET', '/api/v1/stats', { cookie: busy.cookie })).statusCode,
            200,
            `${hours} h`,
          )
        }
        now = new Date(start.getTime() + 7 * 24 * HOUR_MS)
        assert.equal((await call('GET', '/api/v1/stats', { cookie: busy.cookie })).statusCode, 401)
      } finally {
        now = start
      }
    })

    test('removing a user ends their sessions', async () => {
      await shop.reel.users.add('sora@shop.kr', 'viewer', PASSWORD)
      const { cookie } = await session('SORA@shop.kr')
      assert.equal(await shop.reel.users.remove('sora@SHOP.kr'), true)
      assert.equal((await call('GET', '/api/v1/stats', { cookie })).statusCode, 401)
      assert.equal((await signIn('sora@shop.kr')).statusCode, 401)
    })

    test('signed out, or with a cookie that is no session, no admin route answers but 401', async () => {
      const doc = (await shop.app.inject({ url: '/api/openapi.json' })).json()
      const operations = documentedOperations(doc).filter((o) => o.security === 'adminToken')
      assert.ok(operations.length > 40, `${operations.length} admin operations`)
      for (const op of operations) {
        const url = op.path.replace(/\{\w+\}/g, 'x')
        for (const cookie of [undefined, 'reel_session=forged']) {
          const res = await shop.app.inject({
            method: op.method as 'GET',
            url,
            headers: cookie ? { cookie } : {},
          })
          assert.equal(res.statusCode, 401, `${op.method} ${url} with ${cookie ?? 'nothing'}`)
        }
      }
    })

    test('an e-mail is taken in any case', async () => {
      await assert.rejects(shop.reel.users.add('ADMIN@shop.KR', 'viewer', PASSWORD), /already a user/)
      await assert.rejects(shop.reel.users.add('new@shop.kr', 'viewer', 'short'), /at least 12/)
    })
  })
}
