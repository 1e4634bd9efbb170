/**
 * The coupon invariants of DESIGN section 6 under real concurrency: 32 keep-alive clients race over a
 * real socket to redeem, gift, claim, decline and cancel the same coupons and gifts, then every answer
 * is held against the ledger. The choices come from seeded generators (REEL_RACE_SEED to replay a
 * failure); which request wins a race is up to the server, as in production.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { buildHttp } from '../http/server.js'
import { bearer, engines } from '../test-support/engines.js'

const NOW = new Date('2026-06-01T09:00:00.000Z')
const SEED = Number(process.env.REEL_RACE_SEED ?? 20260601)
const CLIENTS = 32
const REQUESTS_PER_CLIENT = 16
const MEMBERS = ['ana', 'ben', 'cleo', 'dev', 'eli', 'fay']
const HOLDERS = MEMBERS.slice(0, 4)
const COUPONS_PER_HOLDER = 6
const ORDER = { orderTotal: 50, currency: 'EUR' }
/** How often each client picks each action. */
const MIX: Array<{ action: Action; weight: number }> = [
  { action: 'redeem', weight: 2 },
  { action: 'gift', weight: 4 },
  { action: 'claim', weight: 2 },
  { action: 'decline', weight: 1 },
  { action: 'cancel', weight: 1 },
]
const MIX_TOTAL = MIX.reduce((sum, m) => sum + m.weight, 0)

/** The action of MIX that a uniform draw in [0, 1) lands on. */
function drawAction(draw: number): Action {
  let left = draw * MIX_TOTAL
  for (const m of MIX) {
    left -= m.weight
    if (left < 0) return m.action
  }
  return 'cancel'
}

/** mulberry32: a small seeded generator, so a run's choices can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  return { next, pick }
}

type Action = 'redeem' | 'gift' | 'claim' | 'decline' | 'cancel'

/** One request of the race and what the server answered. */
interface Answer {
  action: Action
  couponId: string
  giftId: string | null
  customerId: string | null
  orderId: string | null
  /** The code a redemption named the coupon by (null: by its id). */
  sentCode: string | null
  /** The gift was a claim link (claimed through the link, not the admin API). */
  linkGift: boolean
  status: number
  code: string | null
  body: Record<string, unknown>
  startedAt: number
  endedAt: number
}

interface LedgerEntry {
  id: number
  action: string
  fromState: string | null
  toState: string
  ownerBefore: string | null
  ownerAfter: string
  giftId: string | null
  orderId: string | null
}

const RESOLVING = { claim: 'gift_claimed', decline: 'gift_declined', cancel: 'gift_cancelled' } as const
const LEDGER_ACTION: Record<Action, string> = {
  redeem: 'redeemed',
  gift: 'gift_sent',
  ...RESOLVING,
}
/**
 * The refusals a request that lost a race may get, by action; anything else (a 400, a 500, another code)
 * fails the test. A redemption by a code a claim has replaced is not found (checked against the coupon's
 * final code); a link gift is claimed through its link, so the admin API's claim of one is not for you.
 */
const LOSING_CODES: Record<Action, Set<string>> = {
  redeem: new Set([
    'REEL_ERR_COUPON_ALREADY_REDEEMED',
    'REEL_ERR_COUPON_NOT_OWNER',
    'REEL_ERR_COUPON_GIFT_PENDING',
    'REEL_ERR_COUPON_NOT_FOUND',
  ]),
  gift: new Set([
    'REEL_ERR_COUPON_GIFT_PENDING',
    'REEL_ERR_COUPON_NOT_OWNER',
    'REEL_ERR_COUPON_NOT_ISSUED',
    'REEL_ERR_COUPON_NOT_GIFTABLE',
  ]),
  claim: new Set(['REEL_ERR_GIFT_NOT_PENDING', 'REEL_ERR_GIFT_NOT_FOR_YOU']),
  decline: new Set(['REEL_ERR_GIFT_NOT_PENDING']),
  cancel: new Set(['REEL_ERR_GIFT_NOT_PENDING']),
}

for (const engine of engines) {
  describe(`coupons under concurrent requests (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let app: FastifyInstance
    let base: string
    let templateId: string

    const call = async (method: 'GET' | 'POST', path: string, payload?: unknown) => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: {
          authorization: bearer(),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    const issue = async (customerIds: string[]) => {
      const res = await call('POST', '/coupons', { templateId, customerIds })
      assert.equal(res.status, 201, JSON.stringify(res.body))
      return res.body.coupons as Array<{ id: string; code: string; ownerId: string }>
    }
    const details = async (couponId: string) => {
      const res = await call('GET', `/coupons/${couponId}`)
      assert.equal(res.status, 200)
      return res.body as unknown as {
        coupon: { id: string; code: string; ownerId: string; state: string }
        ledger: LedgerEntry[]
        gifts: Array<{ id: string; state: string }>
      }
    }

    before(async () => {
      reel = await engine.start({ clock: () => NOW })
      app = await buildHttp(reel, { logger: false })
      base = await app.listen({ host: '127.0.0.1', port: 0 })
      await reel.ingestor.ingest(
        MEMBERS.map((id) => ({
          type: 'identify',
          userId: id,
          messageId: `identify-${id}`,
          timestamp: NOW.toISOString(),
          traits: { email: `${id}@example.com`, name: id },
        })),
      )
      const template = await call('POST', '/coupon-templates', {
        name: '10 off, giftable twice',
        kind: 'loyalty',
        discount: { type: 'amount', amount: 10, currency: 'EUR' },
        validDays: 30,
        maxGiftHops: 3,
      })
      assert.equal(template.status, 201, JSON.stringify(template.body))
      templateId = template.body.id as string
    })
    after(async () => {
      await app?.close()
      await reel?.close()
    })

    it('of 32 clients redeeming one coupon at once, one wins; of 32 resolving one gift, one', async () => {
      const [coupon] = await issue(['ana'])
      assert.ok(coupon)
      const redeems = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          call('POST', '/coupons/redeem', {
            coupon: coupon.code,
            customerId: 'ana',
            orderId: `b-${i}`,
            ...ORDER,
          }),
        ),
      )
      const winners = redeems.filter((r) => r.status === 200).length
      assert.equal(winners, 1, `coupon ${coupon.id}: ${winners} of ${CLIENTS} redemptions answered 200`)
      for (const lost of redeems.filter((r) => r.status !== 200))
        assert.equal((lost.body.error as { code: string }).code, 'REEL_ERR_COUPON_ALREADY_REDEEMED')
      const [gifted] = await issue(['ben'])
      assert.ok(gifted)
      const gift = await call('POST', `/coupons/${gifted.id}/gift`, {
        giverId: 'ben',
        to: { customerId: 'cleo' },
      })
      assert.equal(gift.status, 201)
      const giftId = gift.body.id as string
      const resolutions = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          i % 3 === 0
            ? call('POST', `/gifts/${giftId}/claim`, { customerId: 'cleo' })
            : i % 3 === 1
              ? call('POST', `/gifts/${giftId}/decline`, { customerId: 'cleo' })
              : call('POST', `/gifts/${giftId}/cancel`, { giverId: 'ben' }),
        ),
      )
      const won = resolutions.filter((r) => r.status === 200)
      assert.equal(
        won.length,
        1,
        `gift ${giftId} of coupon ${gifted.id}: ${won.length} resolutions answered 200`,
      )
      for (const lost of resolutions.filter((r) => r.status !== 200))
        assert.equal((lost.body.error as { code: string }).code, 'REEL_ERR_GIFT_NOT_PENDING')
      const { ledger } = await details(gifted.id)
      assert.deepEqual(
        ledger.map((l) => l.action),
        ['issued', 'gift_sent', `gift_${won[0]?.body.state}`],
        `coupon ${gifted.id}`,
      )
    })

    it('racing redemptions and gifts keep every coupon redeemed at most once, with one owner, all in the ledger', async (t) => {
      const coupons = (await issue(HOLDERS.flatMap((h) => Array<string>(COUPONS_PER_HOLDER).fill(h)))).map(
        (c) => ({
          ...c,
          // Everyone the clients have seen hold it, and its codes (a claim draws a new one); the last is
          // the newest they know of, maybe stale by now.
          owners: [c.ownerId],
          codes: [c.code],
        }),
      )
      const gifts: Array<{ id: string; couponId: string; giverId: string; receiverId: string | null }> = []
      const answers: Answer[] = []
      let orders = 0

      const send = async (
        action: Action,
        target: {
          couponId: string
          giftId?: string
          customerId?: string
          orderId?: string
          sentCode?: string
          linkGift?: boolean
        },
        path: string,
        payload: unknown,
      ): Promise<Answer> => {
        const startedAt = performance.now()
        const res = await call('POST', path, payload)
        const error = res.body.error as { code: string } | undefined
        const answer: Answer = {
          action,
          couponId: target.couponId,
          giftId: target.giftId ?? null,
          customerId: target.customerId ?? null,
          orderId: target.orderId ?? null,
          sentCode: target.sentCode ?? null,
          linkGift: target.linkGift ?? false,
          status: res.status,
          code: error?.code ?? null,
          body: res.body,
          startedAt,
          endedAt: performance.now(),
        }
        answers.push(answer)
        return answer
      }

      const client = async (index: number) => {
        const { next, pick } = generator(SEED + index)
        const latestOr = (known: string[]) => (next() < 0.75 ? (known.at(-1) as string) : pick(known))
        // Recent gifts are where the races are.
        const someGift = () => (next() < 0.8 ? pick(gifts.slice(-6)) : pick(gifts))
        for (let n = 0; n < REQUESTS_PER_CLIENT; n++) {
          const drawn = drawAction(next())
          // Until a gift exists, what would resolve one sends one.
          const action = gifts.length === 0 && drawn !== 'redeem' ? 'gift' : drawn
          if (action === 'redeem') {
            const coupon = pick(coupons)
            const customerId = latestOr(coupon.owners)
            const orderId = `o-${++orders}`
            const sentCode = next() < 0.5 ? latestOr(coupon.codes) : undefined
            const target = { couponId: coupon.id, customerId, orderId, ...(sentCode ? { sentCode } : {}) }
            await send('redeem', target, '/coupons/redeem', {
              coupon: sentCode ?? coupon.id,
              customerId,
              orderId,
              ...ORDER,
            })
          } else if (action === 'gift') {
            const coupon = pick(coupons)
            const giverId = latestOr(coupon.owners)
            const to =
              next() < 0.35 ? { link: true } : { customerId: pick(MEMBERS.filter((m) => m !== giverId)) }
            const answer = await send(
              'gift',
              { couponId: coupon.id, customerId: giverId },
              `/coupons/${coupon.id}/gift`,
              {
                giverId,
                to,
              },
            )
            if (answer.status === 201)
              gifts.push({
                id: answer.body.id as string,
                couponId: coupon.id,
                giverId,
                receiverId: answer.body.receiverId as string | null,
              })
          } else {
            const gift = someGift()
            const coupon = coupons.find((c) => c.id === gift.couponId)
            assert.ok(coupon)
            const target = { couponId: gift.couponId, giftId: gift.id, linkGift: gift.receiverId === null }
            if (action === 'claim') {
              const customerId = gift.receiverId ?? pick(MEMBERS.filter((m) => m !== gift.giverId))
              const answer = await send('claim', { ...target, customerId }, `/gifts/${gift.id}/claim`, {
                customerId,
              })
              if (answer.status === 200) {
                // The new owner sees the coupon's new code in their wallet.
                coupon.owners.push(customerId)
                coupon.codes.push((await details(coupon.id)).coupon.code)
              }
            } else if (action === 'decline')
              await send(
                'decline',
                target,
                `/gifts/${gift.id}/decline`,
                gift.receiverId ? { customerId: gift.receiverId } : {},
              )
            else await send('cancel', target, `/gifts/${gift.id}/cancel`, { giverId: gift.giverId })
          }
        }
      }
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)))

      const seed = `(seed ${SEED})`
      for (const a of answers)
        if (a.status >= 300)
          assert.ok(
            a.status < 500 &&
              a.code !== null &&
              LOSING_CODES[a.action].has(a.code) &&
              (a.code !== 'REEL_ERR_COUPON_NOT_FOUND' || a.sentCode !== null) &&
              (a.code !== 'REEL_ERR_GIFT_NOT_FOR_YOU' || a.linkGift),
            `${a.action} on coupon ${a.couponId}${a.giftId ? ` gift ${a.giftId}` : ''}: ${a.status} ${JSON.stringify(a.body)} ${seed}`,
          )
      const codes = new Map<string, number>()
      for (const a of answers)
        if (a.code) codes.set(`${a.action} ${a.code}`, (codes.get(`${a.action} ${a.code}`) ?? 0) + 1)
      const ok = (action: Action) => answers.filter((a) => a.action === action && a.status < 300)
      t.diagnostic(
        `${answers.length} requests; won: ${(['redeem', 'gift', 'claim', 'decline', 'cancel'] as const)
          .map((a) => `${a} ${ok(a).length}`)
          .join(', ')}; refused: ${[...codes].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
      )

      const ledgerRows = new Map<string, number>()
      for (const coupon of coupons) {
        const { coupon: now, ledger, gifts: stored } = await details(coupon.id)
        const name = `coupon ${coupon.id} ${seed}`
        const mine = answers.filter((a) => a.couponId === coupon.id)
        for (const row of ledger) ledgerRows.set(row.action, (ledgerRows.get(row.action) ?? 0) + 1)

        // A code is not found only once a claim has replaced it.
        for (const a of mine)
          if (a.code === 'REEL_ERR_COUPON_NOT_FOUND')
            assert.notEqual(a.sentCode, now.code, `${name}: its current code was not found`)

        // Redeemed at most once, and exactly as the answers say.
        const redeemed = mine.filter((a) => a.action === 'redeem' && a.status === 200)
        assert.ok(
          redeemed.every((a) => a.body.repeated === false),
          `${name}: a new order got repeated: true`,
        )
        assert.ok(redeemed.length <= 1, `${name}: ${redeemed.length} redemptions answered 200`)
        const redeemedRows = ledger.filter((l) => l.action === 'redeemed')
        assert.equal(redeemedRows.length, redeemed.length, `${name}: ledger redeemed rows vs 200 answers`)
        if (redeemed[0])
          assert.deepEqual(
            [redeemedRows[0]?.orderId, redeemedRows[0]?.ownerBefore],
            [redeemed[0].orderId, redeemed[0].customerId],
            `${name}: the redemption in the ledger is the one answered 200`,
          )

        // Gifts: each sent one is in the ledger; each resolved at most once, as answered.
        const sent = mine
          .filter((a) => a.action === 'gift' && a.status === 201)
          .map((a) => a.body.id as string)
        assert.deepEqual(
          ledger
            .filter((l) => l.action === 'gift_sent')
            .map((l) => l.giftId)
            .sort(),
          [...sent].sort(),
          `${name}: gift_sent rows vs 201 answers`,
        )
        for (const giftId of sent) {
          const resolved = mine.filter((a) => a.giftId === giftId && a.status === 200)
          assert.ok(resolved.length <= 1, `${name}: gift ${giftId} resolved ${resolved.length} times`)
          const rows = ledger.filter((l) => l.giftId === giftId && l.action !== 'gift_sent')
          assert.deepEqual(
            rows.map((l) => l.action),
            resolved.map((a) => RESOLVING[a.action as keyof typeof RESOLVING]),
            `${name}: gift ${giftId}'s resolving rows vs its 200 answers`,
          )
          const state = stored.find((g) => g.id === giftId)?.state
          assert.equal(
            state,
            resolved[0] ? rows[0]?.action.slice(5) : 'pending',
            `${name}: gift ${giftId}'s state`,
          )
        }

        // The ledger in order: one owner at a time, changed only by a claim; nothing redeemed while a gift is pending.
        let owner: string | null = null
        let pending: string | null = null
        for (const row of ledger) {
          const at = `${name}: ledger row ${row.id} (${row.action})`
          assert.equal(row.ownerBefore, owner, `${at} starts from another owner`)
          if (row.action !== 'gift_claimed' && row.action !== 'issued')
            assert.equal(row.ownerAfter, owner, `${at} changed the owner`)
          if (row.action === 'gift_sent') {
            assert.equal(pending, null, `${at}: gift ${pending} was still pending`)
            pending = row.giftId
          } else if (row.action.startsWith('gift_')) {
            assert.equal(row.giftId, pending, `${at} resolves a gift that is not the pending one`)
            pending = null
          } else if (row.action === 'redeemed')
            assert.equal(pending, null, `${at}: redeemed while gift ${pending} was pending`)
          owner = row.ownerAfter
        }
        assert.equal(now.ownerId, owner, `${name}: owner in the table vs the ledger's last owner_after`)
        assert.equal(now.state, ledger.at(-1)?.toState, `${name}: state in the table vs the ledger`)
      }

      const audit = await call('GET', '/coupons/audit')
      assert.deepEqual(audit.body.violations, [], `GET /coupons/audit ${seed}`)

      // Every change is a ledger row: 2xx answers per action equal the ledger's rows of that action.
      for (const action of ['redeem', 'gift', 'claim', 'decline', 'cancel'] as const)
        assert.equal(
          ok(action).length,
          ledgerRows.get(LEDGER_ACTION[action]) ?? 0,
          `${action}: 2xx answers vs ${LEDGER_ACTION[action]} ledger rows ${seed}`,
        )
      assert.deepEqual(
        [...ledgerRows.keys()].filter((a) => a !== 'issued' && !Object.values(LEDGER_ACTION).includes(a)),
        [],
        `ledger rows no request made ${seed}`,
      )

      // The race was real: requests lost, and conflicting ones were in flight together.
      const count = (code: string) => answers.filter((a) => a.code === code).length
      assert.ok(count('REEL_ERR_COUPON_ALREADY_REDEEMED') >= 1, `no redemption lost a race ${seed}`)
      assert.ok(count('REEL_ERR_GIFT_NOT_PENDING') >= 1, `no gift resolution lost a race ${seed}`)
      assert.ok(
        ok('redeem').length >= 1 && ok('claim').length >= 1,
        `nothing was redeemed or claimed ${seed}`,
      )
      let overlapping = 0
      for (const a of answers)
        for (const b of answers)
          if (a !== b && a.couponId === b.couponId && a.startedAt < b.startedAt && b.startedAt < a.endedAt)
            overlapping++
      assert.ok(
        overlapping >= CLIENTS,
        `only ${overlapping} pairs of requests on one coupon overlapped ${seed}`,
      )
      t.diagnostic(`${overlapping} pairs of requests on the same coupon were in flight together`)
    })

    it('the ledger refuses UPDATE and DELETE', async () => {
      const db = reel.database.db
      const first = await sql<{ id: number }>`select min(id) as id from coupon_ledger`.execute(db)
      const id = first.rows[0]?.id
      assert.ok(id)
      await assert.rejects(
        sql`update coupon_ledger set actor = 'tamper' where id = ${id}`.execute(db),
        /append-only/,
      )
      await assert.rejects(sql`delete from coupon_ledger where id = ${id}`.execute(db), /append-only/)
      await assert.rejects(sql`delete from coupon_ledger`.execute(db), /append-only/)
    })
  })
}
