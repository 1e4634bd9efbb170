import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describeDiscount, formatDate, formatMoney } from './format.js'
import { checkClaimForm, recipientOf } from './forms.js'
import { fill, pickLocale, stringsFor } from './locale.js'

describe('page wording', () => {
  it('picks Korean or English from Accept-Language, by preference', () => {
    assert.equal(pickLocale('ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7'), 'ko')
    assert.equal(pickLocale('en-US,en;q=0.9,ko;q=0.8'), 'en')
    assert.equal(pickLocale('ja-JP,ko;q=0.5,en;q=0.4'), 'ko', 'the first language we speak')
    assert.equal(pickLocale('en;q=0.5, ko;q=0.8'), 'ko', 'q wins over order')
    assert.equal(pickLocale('ko;q=0, en'), 'en', 'q=0 means not this one')
    assert.equal(pickLocale('fr-FR'), 'en')
    assert.equal(pickLocale(undefined), 'en')
  })

  it('writes money as each reader does: won without minor unit, 원 for Korean readers', () => {
    assert.equal(formatMoney(5000, 'KRW', 'ko'), '5,000원')
    assert.equal(formatMoney(5000, 'KRW', 'en'), '₩5,000')
    assert.equal(formatMoney(10, 'EUR', 'en'), '€10')
    assert.equal(formatMoney(10.5, 'EUR', 'en'), '€10.50')
    assert.equal(formatMoney(1500, null, 'en'), '1,500')
  })

  it('says what a coupon takes off, with the cap of a percent coupon', () => {
    const birthday = { type: 'percent', percent: 15, maxDiscount: 30000, currency: 'KRW' } as const
    assert.equal(describeDiscount(birthday, 'ko'), '15% (최대 30,000원)')
    assert.equal(describeDiscount(birthday, 'en'), '15% off (up to ₩30,000)')
    assert.equal(describeDiscount({ ...birthday, maxDiscount: null }, 'en'), '15% off')
    assert.equal(describeDiscount({ type: 'amount', amount: 5000, currency: 'KRW' }, 'ko'), '5,000원 할인')
  })

  it('names the time zone of every date', () => {
    // ICU versions differ in the joiner ("at", ",") and the space before AM: only the facts are checked.
    assert.match(
      formatDate('2026-05-15T00:00:00.000Z', 'en', 'Asia/Seoul'),
      /^May 15, 2026\D+9:00\sAM GMT\+9$/,
    )
    assert.equal(formatDate('2026-05-15T09:00:00.000Z', 'ko', 'Asia/Seoul'), '2026년 5월 15일 18:00 GMT+9')
  })

  it('leaves the zone out for a reader known to live in it', () => {
    assert.equal(formatDate('2026-05-15T09:00:00.000Z', 'ko', 'Asia/Seoul', false), '2026년 5월 15일 18:00')
    assert.match(
      formatDate('2026-05-15T09:00:00.000Z', 'en', 'Europe/London', false),
      /^May 15, 2026\D+10:00\sAM$/,
    )
  })

  it('fills placeholders and leaves unknown ones', () => {
    assert.equal(fill('{name}님이 쿠폰을 선물했어요 {x}', { name: '민아' }), '민아님이 쿠폰을 선물했어요 {x}')
  })

  it('checks the claim form and says what to fix, field by field', () => {
    const t = stringsFor('en')
    assert.deepEqual(checkClaimForm({ email: ' dana@example.net ', name: ' Dana ', phone: '' }, t), {
      person: { email: 'dana@example.net', name: 'Dana' },
    })
    assert.deepEqual(checkClaimForm({ email: 'dana', name: '', phone: 'call me' }, t), {
      errors: { email: t.badEmail, name: t.badName, phone: t.badPhone },
    })
  })

  it('reads the gift form’s one field as an e-mail or a phone number', () => {
    assert.deepEqual(recipientOf(' joon@example.kr '), { email: 'joon@example.kr' })
    assert.deepEqual(recipientOf('010-1234-5678'), { phone: '010-1234-5678' })
    assert.equal(recipientOf('joon@'), undefined)
    assert.equal(recipientOf(''), undefined)
  })
})
