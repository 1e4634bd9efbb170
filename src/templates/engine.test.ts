import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkPart, renderPart, TemplateError } from './engine.js'
import { STARTER_TEMPLATE_NAMES, starterTemplates } from './starters.js'

describe('template engine', () => {
  it('a broken tag names the part, line and column', () => {
    const error = (() => {
      try {
        checkPart('Hello\n{% if customer.name %}hi', 'en', 'html')
      } catch (e) {
        return e
      }
    })()
    assert.ok(error instanceof TemplateError)
    assert.equal(error.field, 'html')
    assert.equal(error.line, 2)
    assert.equal(error.column, 1)
    assert.match(error.message, /^html, line 2, column 1: /)
  })

  it('an unknown filter is caught when saved', () => {
    assert.throws(
      () => checkPart('Total {{ cart.value | monney }}', 'en', 'text'),
      (e: unknown) => e instanceof TemplateError && e.field === 'text' && e.line === 1 && e.column === 7,
    )
  })

  it('html parts escape values; text and subject do not', async () => {
    const scope = { customer: { name: 'Tom & <Jerry>' } }
    assert.equal(await renderPart('{{ customer.name }}', 'en', 'html', scope), 'Tom &amp; &lt;Jerry&gt;')
    assert.equal(await renderPart('{{ customer.name }}', 'en', 'text', scope), 'Tom & <Jerry>')
  })

  it('a missing coupon renders empty', async () => {
    assert.equal(await renderPart('[{{ coupon.code }}]', 'en', 'text', { coupon: null }), '[]')
  })

  it('money: won without a minor unit, per locale', async () => {
    const cart = { value: 59000, currency: 'KRW' }
    assert.equal(
      await renderPart('{{ cart.value | money: cart.currency }}', 'ko', 'text', { cart }),
      '59,000원',
    )
    assert.equal(
      await renderPart('{{ cart.value | money: cart.currency }}', 'en', 'text', { cart }),
      '₩59,000',
    )
    const euros = { value: 10.5, currency: 'EUR' }
    assert.equal(
      await renderPart('{{ cart.value | money: cart.currency }}', 'en', 'text', { cart: euros }),
      '€10.50',
    )
  })

  it('date follows the locale; a format argument uses strftime', async () => {
    const coupon = { expiresAt: '2026-05-08T03:00:00.000Z' }
    assert.equal(
      await renderPart('{{ coupon.expiresAt | date }}', 'ko', 'text', { coupon }),
      '2026년 5월 8일',
    )
    assert.equal(await renderPart('{{ coupon.expiresAt | date }}', 'en', 'text', { coupon }), 'May 8, 2026')
    assert.equal(await renderPart('{{ coupon.expiresAt | date: "%Y" }}', 'en', 'text', { coupon }), '2026')
  })

  it('every starter template parses', () => {
    const starters = starterTemplates()
    // Each message on each of the five channels (email, sms, messenger, webhook, log), in ko and en.
    assert.equal(starters.length, STARTER_TEMPLATE_NAMES.length * 5 * 2)
    for (const t of starters)
      for (const [field, source] of [
        ['subject', t.subject],
        ['text', t.text],
        ['html', t.html],
      ] as const)
        if (source) checkPart(source, t.locale, field)
  })
})
