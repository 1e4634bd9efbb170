import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkPart, renderPart } from './engine.js'
import { GIFT_TEMPLATE_NAMES, giftTemplates } from './gift-starters.js'

const SCOPE = {
  customer: { name: 'Dana <b>' },
  gift: {
    giverName: 'Mina',
    receiverName: 'Joon',
    message: 'Happy birthday!',
    sentTo: 'joon@example.kr',
    claimBy: 'May 8, 2026',
    joined: true,
  },
  coupon: {
    headline: '₩5,000 off',
    minOrder: 'On orders of ₩20,000 or more',
    validUntil: 'Valid until May 15',
  },
  recommendations: [],
  links: {
    claim: 'https://shop.example/g/abc',
    wallet: 'https://shop.example/w/cwt_1',
    unsubscribe: 'https://shop.example/u/cut_1',
    preferences: 'https://shop.example/p/cpt_1',
  },
  shop: { name: 'Maru Store' },
}

describe('gift notice templates', () => {
  const all = giftTemplates()

  it('exist for every gift event in Korean and English, by e-mail, SMS and messenger', () => {
    for (const name of GIFT_TEMPLATE_NAMES)
      for (const locale of ['ko', 'en'])
        for (const channel of ['email', 'sms', 'messenger'])
          assert.ok(
            all.some((t) => t.name === name && t.locale === locale && t.channel === channel),
            `${name} ${locale} ${channel}`,
          )
    assert.equal(all.length, GIFT_TEMPLATE_NAMES.length * 2 * 3)
  })

  it('every part parses and renders its links, with no Liquid left over and values escaped in html', async () => {
    for (const t of all) {
      for (const [field, source] of [
        ['subject', t.subject],
        ['text', t.text],
        ['html', t.html],
      ] as const) {
        if (!source) continue
        checkPart(source, t.locale, field)
        const out = await renderPart(source, t.locale, field, SCOPE)
        const where = `${t.name} ${t.locale} ${t.channel} ${field}`
        assert.doesNotMatch(out, /\{\{|\{%|%\}|\}\}/, where)
        if (field === 'html') assert.doesNotMatch(out, /<b>/, `${where}: the name is escaped`)
        if (field === 'subject') continue
        const link = t.name === 'gift_received' ? SCOPE.links.claim : SCOPE.links.wallet
        assert.ok(out.includes(link), `${where} carries its link`)
        assert.ok(out.includes(SCOPE.links.unsubscribe), `${where} says how to stop them`)
      }
    }
  })

  it('a member receiving a gift is sent to their wallet when there is no claim link', async () => {
    const en = all.find((t) => t.name === 'gift_received' && t.locale === 'en' && t.channel === 'sms')
    assert.ok(en)
    const out = await renderPart(en.text, 'en', 'text', { ...SCOPE, links: { ...SCOPE.links, claim: null } })
    assert.match(out, /Accept it by May 8, 2026: https:\/\/shop\.example\/w\/cwt_1/)
    assert.doesNotMatch(out, /\/g\//)
  })
})
