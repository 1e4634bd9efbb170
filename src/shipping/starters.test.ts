import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createTemplates } from '../templates/index.js'
import { NOTICE_KINDS, noticeTemplate } from './plan.js'
import { shippingTemplates } from './starters.js'

// Rendering needs no stored template: render() takes the template as given.
const templates = createTemplates({ db: null as never, clock: () => new Date() })

const scope = (promise: boolean) => ({
  customer: { name: 'Mina' },
  order: { id: 'MY-1042', total: '82', currency: 'USD' },
  shipment: {
    id: 'MY-1042-1',
    status: 'in_transit',
    carrier: 'CJ Logistics',
    trackingNumber: '6894412230',
    location: 'Seoul hub',
    promise: promise ? 'Mon 23 Nov' : null,
    range: promise ? 'Sat 21 – Mon 23 Nov' : null,
  },
  content: [{ category: 'Yoga', title: 'Caring for your cork mat', body: 'Wipe it.', link: null }],
  recommendations: [
    {
      productId: 'cleaner',
      name: 'Mat spray',
      imageUrl: null,
      price: 12,
      url: 'https://maru.example/p/cleaner',
    },
  ],
  links: {
    unsubscribe: 'https://maru.example/u/x',
    preferences: 'https://maru.example/p/x',
    tracking: 'https://maru.example/t/trk_x',
    help: 'https://maru.example/help',
    chat: null,
  },
  shop: { name: 'Maru', social: [{ label: 'Instagram', url: 'https://instagram.com/maru' }] },
})

test('every shipping notice exists per kind, locale and channel, and renders with and without a promise', async () => {
  const all = shippingTemplates()
  assert.equal(all.length, NOTICE_KINDS.length * 2 * 3)
  for (const input of all) {
    for (const promise of [true, false]) {
      const rendered = await templates.render(
        {
          ...input,
          id: 'x',
          createdAt: '',
          updatedAt: '',
          subject: input.subject ?? null,
          html: input.html ?? null,
        } as never,
        scope(promise) as never,
      )
      assert.match(rendered.text, /MY-1042/, `${input.name} ${input.channel} ${input.locale}`)
      assert.match(rendered.text, /https:\/\/maru\.example\/t\/trk_x/, `${input.name}: the tracking link`)
      if (input.channel === 'email') {
        assert.match(rendered.html ?? '', /Caring for your cork mat/)
        assert.equal(
          rendered.text.includes('Sat 21 – Mon 23 Nov'),
          promise,
          `${input.name}: the range when known`,
        )
      }
    }
  }
  assert.ok(all.some((t) => t.name === noticeTemplate('delayed') && t.locale === 'ko'))
})
