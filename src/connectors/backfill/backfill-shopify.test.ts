import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import type { RawMessage } from '../../events/index.js'
import { BackfillError } from './backfill-error.js'
import {
  type BackfillDeps,
  backfillShopify,
  type ToMessages,
  type WriteMessages,
} from './backfill-shopify.js'
import { fileCursorStore, memoryCursorStore } from './cursor-store.js'
import { parseShopifyBackfillOptions } from './shopify-options.js'
import { type ShopifyStandIn, STAND_IN_TOKEN, startShopifyStandIn } from './shopify-stand-in.js'

const scratch = mkdtempSync(join(tmpdir(), 'reel-backfill-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

const SHOP = 'reel-test.myshopify.com'
const SINCE = '2024-01-01'
const ALL_PAGES = ['customers#1', 'customers#2', 'orders#1', 'orders#2', 'orders#3']

/** A stand-in for the other engineer's mapping: one message per object, its id a fact of the object. */
const toMessages: ToMessages = (kind, object) => {
  const { id } = object as { id: number }
  return [
    kind === 'customer'
      ? { type: 'identify', messageId: `shopify-customer-${id}`, userId: `shopify:${id}` }
      : { type: 'track', event: 'Order Completed', messageId: `shopify-order-${id}`, properties: { id } },
  ]
}

/** A sink that stores each messageId once, like Reel's ingestor, and can be told to fail on a write. */
function idSink(
  stored = new Set<string>(),
  failOnWrite?: number,
): { write: WriteMessages; stored: Set<string> } {
  let writes = 0
  return {
    stored,
    async write(messages: RawMessage[]) {
      writes += 1
      if (writes === failOnWrite) throw new Error('the database went away')
      let accepted = 0
      for (const m of messages) {
        const id = String(m.messageId)
        if (!stored.has(id)) accepted += 1
        stored.add(id)
      }
      return { accepted, duplicates: messages.length - accepted, quarantined: 0 }
    },
  }
}

/** Waits nothing, but notes each wait and how many requests the stand-in had seen when it began. */
function recordingSleep(standIn: () => ShopifyStandIn) {
  const waits: { ms: number; afterRequests: number }[] = []
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push({ ms, afterRequests: standIn().requests.length })
    },
  }
}

async function withStandIn(
  options: Parameters<typeof startShopifyStandIn>[0],
  run: (
    standIn: ShopifyStandIn,
    deps: Pick<BackfillDeps, 'sleep'> & { waits: { ms: number; afterRequests: number }[] },
  ) => Promise<void>,
): Promise<void> {
  const standIn = await startShopifyStandIn(options)
  const { waits, sleep } = recordingSleep(() => standIn)
  try {
    await run(standIn, { sleep, waits })
  } finally {
    await standIn.close()
  }
}

const optionsFor = (standIn: ShopifyStandIn, token = STAND_IN_TOKEN) =>
  parseShopifyBackfillOptions({ shop: SHOP, token, since: SINCE, baseUrl: standIn.baseUrl })

test('a back-fill reads customers then orders, every page in order, following Link cursors with only limit and page_info', async () => {
  await withStandIn({}, async (standIn, { sleep, waits }) => {
    const sink = idSink()
    const cursorStore = memoryCursorStore()
    const progress: number[] = []
    const summary = await backfillShopify(optionsFor(standIn), {
      toMessages,
      write: sink.write,
      cursorStore,
      sleep,
      onProgress: (p) => progress.push(p.objects),
    })
    assert.deepEqual(standIn.pagesServed(), ALL_PAGES)
    const pageRequests = standIn.requests.filter((r) => !r.path.includes('/count'))
    assert.deepEqual(pageRequests[0]?.query, { updated_at_min: '2024-01-01T00:00:00Z', limit: '250' })
    assert.deepEqual(pageRequests[2]?.query, {
      status: 'any',
      created_at_min: '2024-01-01T00:00:00Z',
      limit: '250',
    })
    for (const later of [pageRequests[1], pageRequests[3], pageRequests[4]])
      assert.deepEqual(Object.keys(later?.query ?? {}).sort(), ['limit', 'page_info'])
    assert.ok(standIn.requests.every((r) => r.token === STAND_IN_TOKEN))
    assert.deepEqual(
      standIn.requests.filter((r) => r.path.includes('/count')).map((r) => [r.path, r.query]),
      [
        ['/admin/api/2025-01/customers/count.json', { updated_at_min: '2024-01-01T00:00:00Z' }],
        ['/admin/api/2025-01/orders/count.json', { status: 'any', created_at_min: '2024-01-01T00:00:00Z' }],
      ],
    )
    assert.deepEqual(
      { ...summary, elapsedMs: 0 },
      {
        shop: SHOP,
        since: '2024-01-01T00:00:00Z',
        pages: 5,
        customers: 4,
        orders: 5,
        events: 9,
        accepted: 9,
        duplicates: 0,
        quarantined: 0,
        resumedFrom: null,
        discardedCursor: false,
        calls: { calls: 7, throttledWaits: 0, pacedWaits: 0, waitedMs: 0, retries: 0 },
        elapsedMs: 0,
      },
    )
    assert.deepEqual(waits, [])
    assert.equal(sink.stored.size, 9)
    assert.deepEqual(progress, [0, 2, 4, 4, 6, 8, 9])
    assert.deepEqual(
      cursorStore.saved.map((c) => [c.resource, c.nextUrl === null ? 'first' : 'next']),
      [
        ['customers', 'next'],
        ['orders', 'first'],
        ['orders', 'next'],
        ['orders', 'next'],
      ],
    )
    assert.equal(await cursorStore.load(), undefined, 'a finished back-fill clears its cursor')
  })
})

test('a 429 is waited out for its Retry-After and the same page asked again', async () => {
  const faults = [
    {
      matches: (r: { query: Record<string, string> }) => r.query.page_info !== undefined,
      status: 429,
      headers: { 'Retry-After': '1.0' },
      body: '{"errors":"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}',
    },
  ]
  await withStandIn({ faults }, async (standIn, { sleep, waits }) => {
    const summary = await backfillShopify(optionsFor(standIn), {
      toMessages,
      write: idSink().write,
      cursorStore: memoryCursorStore(),
      sleep,
    })
    assert.deepEqual(standIn.pagesServed(), ['customers#1', 'customers#2', ...ALL_PAGES.slice(1)])
    assert.deepEqual(waits, [{ ms: 1000, afterRequests: 4 }])
    assert.equal(summary.calls.throttledWaits, 1)
    assert.equal(summary.calls.calls, 8)
    assert.equal(summary.customers + summary.orders, 9)
  })
})

test('a filling bucket (X-Shopify-Shop-Api-Call-Limit) slows the next call down', async () => {
  // The third answer (the first customers page) reports 36 of 40 used: at 2/s the next call waits 2.5 s.
  const callLimit = (n: number) => (n === 3 ? '36/40' : `${Math.min(n, 20)}/40`)
  await withStandIn({ callLimit }, async (standIn, { sleep, waits }) => {
    const summary = await backfillShopify(optionsFor(standIn), {
      toMessages,
      write: idSink().write,
      cursorStore: memoryCursorStore(),
      sleep,
    })
    assert.deepEqual(waits, [{ ms: 2500, afterRequests: 3 }], 'one wait, before the fourth request')
    assert.equal(summary.calls.pacedWaits, 1)
    assert.equal(summary.calls.throttledWaits, 0)
    assert.deepEqual(standIn.pagesServed(), ALL_PAGES)
  })
})

test('after a crash in the sink on page 3 of orders, a rerun resumes at that page without reading pages 1-2 again', async () => {
  await withStandIn({}, async (standIn, { sleep }) => {
    const stateFile = join(scratch, 'crash-state.json')
    const stored = new Set<string>()
    // Writes: customers 1, customers 2, orders 1, orders 2, orders 3 (fails).
    const crashed = backfillShopify(optionsFor(standIn), {
      toMessages,
      write: idSink(stored, 5).write,
      cursorStore: fileCursorStore(stateFile),
      sleep,
    })
    await assert.rejects(crashed, /the database went away/)
    assert.deepEqual(standIn.pagesServed(), ALL_PAGES)
    const saved = await fileCursorStore(stateFile).load()
    assert.equal(saved?.resource, 'orders')
    assert.equal(saved?.counts.pages, 4)

    const before = standIn.requests.length
    const summary = await backfillShopify(optionsFor(standIn), {
      toMessages,
      write: idSink(stored).write,
      cursorStore: fileCursorStore(stateFile),
      sleep,
    })
    const rerun = standIn.requests.slice(before).filter((r) => !r.path.includes('/count'))
    assert.deepEqual(
      rerun.map((r) => r.path),
      ['/admin/api/2025-01/orders.json'],
    )
    assert.deepEqual(Object.keys(rerun[0]?.query ?? {}).sort(), ['limit', 'page_info'])
    assert.deepEqual(standIn.pagesServed().slice(ALL_PAGES.length), ['orders#3'])
    assert.deepEqual(summary.resumedFrom, { resource: 'orders', pages: 4 })
    assert.deepEqual(
      [summary.pages, summary.customers, summary.orders, summary.accepted, summary.duplicates],
      [5, 4, 5, 9, 0],
    )
    assert.equal(summary.calls.calls, 3, 'two counts and one page')
    assert.equal(stored.size, 9)
    assert.equal(await fileCursorStore(stateFile).load(), undefined)
  })
})

test('a crash on the first orders page resumes at the orders without reading the customers again', async () => {
  await withStandIn({}, async (standIn, { sleep }) => {
    const cursorStore = memoryCursorStore()
    const stored = new Set<string>()
    await assert.rejects(
      backfillShopify(optionsFor(standIn), {
        toMessages,
        write: idSink(stored, 3).write,
        cursorStore,
        sleep,
      }),
    )
    const before = standIn.pagesServed().length
    await backfillShopify(optionsFor(standIn), {
      toMessages,
      write: idSink(stored).write,
      cursorStore,
      sleep,
    })
    assert.deepEqual(standIn.pagesServed().slice(before), ['orders#1', 'orders#2', 'orders#3'])
    assert.equal(stored.size, 9)
  })
})

test('running a finished back-fill again stores nothing twice', async () => {
  await withStandIn({}, async (standIn, { sleep }) => {
    const stored = new Set<string>()
    const deps = { toMessages, cursorStore: memoryCursorStore(), sleep }
    await backfillShopify(optionsFor(standIn), { ...deps, write: idSink(stored).write })
    const again = await backfillShopify(optionsFor(standIn), { ...deps, write: idSink(stored).write })
    assert.deepEqual([again.accepted, again.duplicates, again.events], [0, 9, 9])
  })
})

test('a wrong token stops at the first call with a message naming the token', async () => {
  await withStandIn({}, async (standIn, { sleep }) => {
    const sink = idSink()
    await assert.rejects(
      backfillShopify(optionsFor(standIn, 'shpat_wrong'), {
        toMessages,
        write: sink.write,
        cursorStore: memoryCursorStore(),
        sleep,
      }),
      (error: unknown) => {
        assert.ok(error instanceof BackfillError)
        assert.equal(error.problem, 'unauthorized')
        assert.match(error.message, /does not accept the access token for reel-test\.myshopify\.com/)
        assert.match(error.message, /Check --token/)
        assert.match(error.message, /Invalid API key or access token/)
        return true
      },
    )
    assert.equal(standIn.pagesServed().length, 0)
    assert.equal(sink.stored.size, 0)
  })
})

test('a 403 on the orders names the scope the app lacks', async () => {
  const faults = [
    {
      matches: (r: { path: string }) => r.path.endsWith('/orders.json'),
      status: 403,
      body: '{"errors":"[API] This action requires merchant approval for read_orders scope."}',
    },
  ]
  await withStandIn({ faults }, async (standIn, { sleep }) => {
    await assert.rejects(
      backfillShopify(optionsFor(standIn), {
        toMessages,
        write: idSink().write,
        cursorStore: memoryCursorStore(),
        sleep,
      }),
      (error: unknown) =>
        error instanceof BackfillError &&
        error.problem === 'forbidden' &&
        /may not read orders/.test(error.message) &&
        /read_orders scope \(and read_all_orders/.test(error.message),
    )
  })
})

test('a 5xx and an unanswered request are retried with backoff; retries are bounded', async () => {
  const faults = [
    { matches: (r: { path: string }) => r.path.endsWith('/customers.json'), status: 502 },
    { matches: (r: { path: string }) => r.path.endsWith('/orders.json'), stall: true },
  ]
  await withStandIn({ faults }, async (standIn, { sleep, waits }) => {
    const summary = await backfillShopify(optionsFor(standIn), {
      toMessages,
      write: idSink().write,
      cursorStore: memoryCursorStore(),
      sleep,
      timeoutMs: 150,
    })
    assert.deepEqual(
      waits.map((w) => w.ms),
      [500, 500],
    )
    assert.equal(summary.calls.retries, 2)
    assert.equal(summary.customers + summary.orders, 9)
  })
  const always = [1, 2].map(() => ({
    matches: (r: { path: string }) => r.path.endsWith('/customers.json'),
    status: 503,
  }))
  await withStandIn({ faults: always }, async (standIn, { sleep }) => {
    await assert.rejects(
      backfillShopify(optionsFor(standIn), {
        toMessages,
        write: idSink().write,
        cursorStore: memoryCursorStore(),
        sleep,
        maxAttempts: 2,
      }),
      (error: unknown) =>
        error instanceof BackfillError && error.problem === 'gave-up' && /503 2 times/.test(error.message),
    )
  })
})

test('the token is never sent to a host a Link header names', async () => {
  const customers = { customers: [{ id: 1 }] }
  const faults = [
    {
      matches: (r: { path: string }) => r.path.endsWith('/customers.json'),
      status: 200,
      body: JSON.stringify(customers),
      headers: {
        Link: '<https://attacker.example/admin/api/2025-01/customers.json?page_info=x&limit=250>; rel="next"',
      },
    },
  ]
  await withStandIn({ faults }, async (standIn, { sleep }) => {
    await assert.rejects(
      backfillShopify(optionsFor(standIn), {
        toMessages,
        write: idSink().write,
        cursorStore: memoryCursorStore(),
        sleep,
      }),
      /next-page link https:\/\/attacker\.example.* is not on/,
    )
  })
})

test('a cursor of another --since is set aside, and an expired page cursor restarts its list', async () => {
  await withStandIn({}, async (standIn, { sleep }) => {
    const options = optionsFor(standIn)
    const counts = {
      pages: 1,
      customers: 2,
      orders: 0,
      events: 2,
      accepted: 2,
      duplicates: 0,
      quarantined: 0,
    }
    const cursor = {
      shop: SHOP,
      since: '2023-01-01T00:00:00Z',
      apiVersion: options.apiVersion,
      resource: 'orders' as const,
      nextUrl: null,
      counts,
      savedAt: '2024-01-01T00:00:00Z',
    }
    const other = await backfillShopify(options, {
      toMessages,
      write: idSink().write,
      cursorStore: memoryCursorStore(cursor),
      sleep,
    })
    assert.equal(other.discardedCursor, true)
    assert.equal(other.pages, 5)

    const before = standIn.pagesServed().length
    const expired = await backfillShopify(options, {
      toMessages,
      write: idSink().write,
      cursorStore: memoryCursorStore({
        ...cursor,
        since: options.since,
        nextUrl: `${standIn.baseUrl}/admin/api/2025-01/orders.json?page_info=expired&limit=250`,
      }),
      sleep,
    })
    // orders#0: the expired cursor, which the stand-in refuses with a 400 as Shopify does.
    assert.deepEqual(standIn.pagesServed().slice(before), ['orders#0', 'orders#1', 'orders#2', 'orders#3'])
    assert.equal(expired.orders, 5)
  })
})

test('an abort (Ctrl-C) stops the back-fill with its reason and keeps the cursor of the pages written', async () => {
  await withStandIn({}, async (standIn, { sleep }) => {
    const interrupt = new AbortController()
    const cursorStore = memoryCursorStore()
    const reason = new BackfillError('interrupted', 'interrupted')
    const write: WriteMessages = async (messages) => {
      interrupt.abort(reason) // during the first page's write: that page is still kept, its cursor saved
      return { accepted: messages.length, duplicates: 0, quarantined: 0 }
    }
    await assert.rejects(
      backfillShopify(optionsFor(standIn), {
        toMessages,
        write,
        cursorStore,
        sleep,
        signal: interrupt.signal,
      }),
      (error: unknown) => error === reason,
    )
    assert.deepEqual(standIn.pagesServed(), ['customers#1'])
    assert.equal((await cursorStore.load())?.counts.pages, 1)
  })
})
