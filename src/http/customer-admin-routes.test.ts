import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { bearer, engines } from '../test-support/engines.js'
import { httpOnEngine } from '../test-support/http-on-engine.js'

const NOW = new Date('2026-06-01T00:00:00.000Z')
const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000).toISOString()

/** Customers with ids a path or a LIKE pattern could trip on, and three seen at the same moment. */
const PEOPLE = [
  { id: 'Mina-01', email: 'Mina.Kim@Example.kr', phone: '+82 10-1234-5678', seen: 1 },
  { id: 'mina_02', email: 'other@example.kr', phone: null, seen: 2 },
  { id: 'minax03', email: null, phone: '010 9999 0000', seen: 3 },
  { id: 'a/b?c%d', email: 'slash@example.kr', phone: null, seen: 4 },
  { id: '김소라', email: 'sora@example.kr', phone: '+82 10 5555 1234', seen: 5 },
  { id: 'Ärger-1', email: null, phone: null, seen: 5.5 },
  { id: 'tie-1', email: null, phone: null, seen: 6 },
  { id: 'tie-2', email: null, phone: null, seen: 6 },
  { id: 'tie-3', email: null, phone: null, seen: 6 },
]

interface Listed {
  customerId: string
  email: string | null
  isMember: boolean
  lastSeenAt: string
}

for (const engine of engines) {
  describe(`customer list and consent API (${engine.name})`, { skip: engine.skip }, () => {
    const shop = httpOnEngine(engine, { clock: () => NOW })
    const get = async (url: string) => {
      const res = await shop.app.inject({ url, headers: { authorization: bearer() } })
      return { status: res.statusCode, body: res.json() }
    }
    const ids = async (query: string) => {
      const { status, body } = await get(`/api/v1/customers?${query}`)
      assert.equal(status, 200, JSON.stringify(body))
      return body.customers.map((c: Listed) => c.customerId)
    }

    before(async () => {
      await shop.reel.ingestor.ingest(
        PEOPLE.map((p) => ({
          type: 'identify',
          userId: p.id,
          messageId: `identify-${p.id}`,
          timestamp: minutesAgo(p.seen),
          traits: { ...(p.email ? { email: p.email } : {}), ...(p.phone ? { phone: p.phone } : {}) },
        })),
      )
      await shop.reel.ingestor.ingest([
        { type: 'page', anonymousId: 'anon-visitor', messageId: 'page-1', timestamp: minutesAgo(7) },
      ])
    })

    it('lists customers newest seen first, paging by cursor without skipping or repeating a tie', async () => {
      const all = await ids('limit=100')
      assert.deepEqual(all, [
        'Mina-01',
        'mina_02',
        'minax03',
        'a/b?c%d',
        '김소라',
        'Ärger-1',
        'tie-3',
        'tie-2',
        'tie-1',
        'anon:anon-visitor',
      ])
      const paged: string[] = []
      let after = ''
      for (let page = 0; page < 10; page++) {
        const { body } = await get(`/api/v1/customers?limit=2${after}`)
        paged.push(...body.customers.map((c: Listed) => c.customerId))
        if (!body.next) break
        after = `&after=${body.next}`
      }
      assert.deepEqual(paged, all)
      const first = (await get('/api/v1/customers?limit=1')).body.customers[0]
      assert.deepEqual(
        [first.email, first.isMember, first.lastSeenAt, first.ordersCount],
        ['Mina.Kim@Example.kr', true, minutesAgo(1), 0],
      )
    })

    it('searches by the start of an id, e-mail or phone digits in any case; pattern characters are literal', async () => {
      assert.deepEqual(await ids('search=MINA'), ['Mina-01', 'mina_02', 'minax03'])
      assert.deepEqual(await ids('search=mina_'), ['mina_02'], '_ is not a wildcard')
      assert.deepEqual(await ids('search=a%2Fb%3Fc%25'), ['a/b?c%d'])
      assert.deepEqual(await ids('search=%25'), [], '% is not a wildcard')
      assert.deepEqual(await ids('search=mina.kim%40example'), ['Mina-01'])
      assert.deepEqual(await ids('search=%2B82%2010%20-%201234'), ['Mina-01'])
      assert.deepEqual(await ids('search=8210'), ['Mina-01', '김소라'])
      assert.deepEqual(await ids(`search=${encodeURIComponent('김')}`), ['김소라'])
      assert.deepEqual(await ids(`search=${encodeURIComponent('ÄRGER')}`), ['Ärger-1'])
      assert.deepEqual(await ids('search=%20%20'), (await ids('')).slice(0, 50), 'blank is no search')
      assert.deepEqual(await ids('search=nobody'), [])
      const paged = await get('/api/v1/customers?search=mina&limit=2')
      assert.ok(paged.body.next)
      assert.deepEqual(await ids(`search=mina&limit=2&after=${paged.body.next}`), ['minax03'])
    })

    it('refuses bad input with a 400 naming the field, never a 500', async () => {
      for (const [query, field] of [
        ['search=a%00b', 'querystring.search'],
        [`search=${'x'.repeat(201)}`, 'querystring.search'],
        ['after=bm90LWEtY3Vyc29y', 'querystring.after'],
        [`after=${Buffer.from('2026-01-01|x').toString('base64url')}`, 'querystring.after'],
        [`after=${'A'.repeat(2001)}`, 'querystring.after'],
        ['after=%00', 'querystring.after'],
        ['limit=101', 'querystring.limit'],
        ['limit=0', 'querystring.limit'],
        ['limit=ten', 'querystring.limit'],
        ['query=mina', 'querystring.query'],
      ]) {
        const { status, body } = await get(`/api/v1/customers?${query}`)
        assert.equal(status, 400, `${query}: ${JSON.stringify(body)}`)
        assert.equal(body.error.code, 'REEL_ERR_INVALID_REQUEST')
        assert.ok(body.error.message.startsWith(`${field}: `), `${query}: ${body.error.message}`)
      }
    })

    it("gives a customer's consent per channel and message type, with who decided and when", async () => {
      const before = await get(`/api/v1/customers/${encodeURIComponent('김소라')}/consent`)
      assert.equal(before.status, 200, JSON.stringify(before.body))
      assert.equal(before.body.choices.length, 9, 'e-mail, SMS and messenger × three message types')
      assert.ok(before.body.choices.every((c: { changedAt: string | null }) => c.changedAt === null))
      await shop.reel.consent.unsubscribe('김소라', 'email', 'marketing')
      const after = await get(`/api/v1/customers/${encodeURIComponent('김소라')}/consent`)
      const email = after.body.choices.find(
        (c: { channel: string; messageType: string }) =>
          c.channel === 'email' && c.messageType === 'marketing',
      )
      assert.deepEqual(email, {
        channel: 'email',
        messageType: 'marketing',
        allowed: false,
        source: 'unsubscribe',
        changedAt: NOW.toISOString(),
      })
      const slash = await get(`/api/v1/customers/${encodeURIComponent('a/b?c%d')}/consent`)
      assert.equal(slash.status, 200)
      assert.equal(slash.body.customerId, 'a/b?c%d')
    })

    it('a customer who does not exist is a 404, their consent too', async () => {
      for (const url of ['/api/v1/customers/nobody', '/api/v1/customers/nobody/consent']) {
        const { status, body } = await get(url)
        assert.equal(status, 404, url)
        assert.equal(body.error.code, 'REEL_ERR_NOT_FOUND')
      }
      const nul = await get('/api/v1/customers/a%00b/consent')
      assert.equal(nul.status, 400)
      assert.match(nul.body.error.message, /^params\.id: /)
    })
  })
}
