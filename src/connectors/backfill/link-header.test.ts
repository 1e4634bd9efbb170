import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nextPageUrl } from './link-header.js'

const base = 'https://shop.myshopify.com/admin/api/2025-01/orders.json'

test('the next page is the link with rel="next", wherever it stands', () => {
  assert.equal(
    nextPageUrl(`<${base}?limit=250&page_info=abc>; rel="next"`),
    `${base}?limit=250&page_info=abc`,
  )
  assert.equal(
    nextPageUrl(
      `<${base}?page_info=prev&limit=250>; rel="previous", <${base}?page_info=next&limit=250>; rel="next"`,
    ),
    `${base}?page_info=next&limit=250`,
  )
  assert.equal(nextPageUrl(`<${base}?page_info=n>;rel=next`), `${base}?page_info=n`)
})

test('the last page has no next link', () => {
  assert.equal(nextPageUrl(`<${base}?page_info=prev&limit=250>; rel="previous"`), null)
  assert.equal(nextPageUrl(null), null)
  assert.equal(nextPageUrl(''), null)
})
