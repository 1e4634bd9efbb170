import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BackfillError } from './backfill-error.js'
import { DEFAULT_API_VERSION, parseShopifyBackfillOptions } from './shopify-options.js'

const good = { shop: 'My-Shop.myshopify.com', token: 'shpat_x', since: '2024-01-31' }

test('good options are normalised: lower-case shop, a date as midnight UTC, the default API version', () => {
  assert.deepEqual(parseShopifyBackfillOptions(good), {
    shop: 'my-shop.myshopify.com',
    token: 'shpat_x',
    since: '2024-01-31T00:00:00Z',
    apiVersion: DEFAULT_API_VERSION,
  })
  const timed = parseShopifyBackfillOptions({
    ...good,
    since: '2024-01-31T08:00:00+01:00',
    apiVersion: '2024-10',
    baseUrl: 'http://127.0.0.1:9999/',
  })
  assert.equal(timed.since, '2024-01-31T08:00:00+01:00')
  assert.equal(timed.baseUrl, 'http://127.0.0.1:9999')
})

test('each bad option is named by its CLI name, once', () => {
  const problem = (input: Record<string, unknown>) => {
    try {
      parseShopifyBackfillOptions(input)
    } catch (error) {
      assert.ok(error instanceof BackfillError)
      assert.equal(error.problem, 'invalid-option')
      return error.message
    }
    assert.fail('accepted')
  }
  assert.match(problem({ ...good, shop: 'https://my-shop.myshopify.com' }), /^--shop: .*without a scheme/)
  assert.match(problem({ ...good, shop: 'my-shop.myshopify.com/admin' }), /^--shop: .*without a path/)
  assert.match(problem({ ...good, shop: 'shop.example.com' }), /^--shop: expected the shop's myshopify\.com/)
  assert.match(problem({ ...good, token: '  ' }), /^--token: must not be empty/)
  assert.match(problem({ ...good, since: '2024-02-30' }), /^--since: expected an ISO date/)
  assert.match(problem({ ...good, since: 'yesterday' }), /^--since: /)
  assert.match(problem({ ...good, apiVersion: '2025-02' }), /^--api-version: /)
  assert.match(problem({ ...good, baseUrl: 'ftp://x' }), /^--api-base: /)
  assert.equal(problem({}), '--shop: is required; --token: is required; --since: is required')
})
