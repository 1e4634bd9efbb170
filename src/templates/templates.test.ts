import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { buildHttp } from '../http/server.js'
import { shippingTemplates } from '../shipping/index.js'
import { bearer, engines } from '../test-support/engines.js'
import { giftTemplates, starterTemplates, TemplateError, type Templates } from './index.js'

const NOW = new Date('2026-05-01T03:00:00Z')

for (const engine of engines) {
  describe(`message templates (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let templates: Templates
    let app: FastifyInstance

    before(async () => {
      reel = await engine.start({ clock: () => NOW, env: { REEL_SHOP_NAME: 'Reel Shop' } })
      await reel.ingestor.ingest([
        {
          type: 'identify',
          userId: 'mina',
          messageId: 'identify-mina',
          timestamp: NOW.toISOString(),
          traits: { email: 'mina@example.kr', name: '김민아 <b>' },
        },
      ])
      templates = reel.templates
      // The real admin API, with the real preview (the scope a real send has), behind the admin token.
      app = await buildHttp(reel, { logger: false })
    })

    after(async () => {
      await app?.close()
      await reel?.close()
    })

    const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({ method, url, headers: { authorization: bearer() }, ...(payload ? { payload } : {}) })

    it('installing the starters twice keeps one of each; pick falls back to English', async () => {
      // The start installed the starter set (campaign starters and gift notices) once already.
      const installed = (await templates.list()).length
      for (const input of [...starterTemplates(), ...starterTemplates()]) await templates.save(input)
      assert.equal(installed, starterTemplates().length + giftTemplates().length + shippingTemplates().length)
      assert.equal((await templates.list()).length, installed)
      assert.equal((await templates.list({ channel: 'sms', name: 'cart_reminder' })).length, 2)
      assert.equal((await templates.pick('cart_reminder', 'email', 'ko-KR'))?.locale, 'ko')
      assert.equal((await templates.pick('cart_reminder', 'email', 'ja'))?.locale, 'en')
      assert.equal(await templates.pick('no_such', 'email', 'en'), undefined)
    })

    it('renders the Korean cart reminder with won and the escaped name', async () => {
      const template = await templates.pick('cart_reminder', 'email', 'ko')
      assert.ok(template)
      const message = await templates.render(template, {
        customer: { name: '김민아 <b>' },
        cart: { items: [{ name: '린넨 셔츠', quantity: 2 }], value: 59000, currency: 'KRW' },
        recommendations: [],
        links: { unsubscribe: 'https://shop.example/u/cut_1', preferences: null },
        shop: { name: 'Reel Shop' },
      })
      assert.equal(message.subject, 'Reel Shop 장바구니에 담아 두신 상품이 있어요')
      assert.match(message.text, /김민아 <b>님/)
      assert.match(message.text, /합계: 59,000원/)
      assert.match(message.text, /수신 거부: https:\/\/shop\.example\/u\/cut_1/)
      assert.match(message.html ?? '', /김민아 &lt;b&gt;님/)
      assert.match(message.html ?? '', /<li>린넨 셔츠 × 2/)
    })

    it('a broken template is refused with its field, line and column, and nothing is stored', async () => {
      await assert.rejects(
        templates.save({
          name: 'broken',
          channel: 'email',
          locale: 'en',
          subject: 'Hi',
          text: 'ok',
          html: '<p>\n{{ x | nope }}',
        }),
        (e: unknown) => e instanceof TemplateError && e.field === 'html' && e.line === 2,
      )
      assert.equal((await templates.list({ name: 'broken' })).length, 0)
      const response = await api('POST', '/api/v1/message-templates', {
        name: 'broken',
        channel: 'sms',
        locale: 'en',
        text: 'Hi\n  {% for x in y %}',
      })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json().error.details, { field: 'text', line: 2, column: 3 })
      assert.match(response.json().error.message, /^text, line 2, column 3/)
    })

    it('the API creates, updates, gets, lists, and previews for a customer as a real send reads', async () => {
      const hello = {
        name: 'hello',
        channel: 'email',
        locale: 'en',
        subject: 'Hi {{ customer.name }}',
        text: 'Hello',
        html: '<b>{{ customer.name }}</b>',
      }
      const created = await api('POST', '/api/v1/message-templates', hello)
      assert.equal(created.statusCode, 201)
      const { id } = created.json()
      const updated = await api('PUT', `/api/v1/message-templates/${id}`, {
        ...hello,
        text: '{{ customer.email }} from {{ shop.name }}. Stop: {{ links.unsubscribe }}{{ cart.value }}',
      })
      assert.equal(updated.statusCode, 200)
      assert.equal(
        (await api('GET', `/api/v1/message-templates/${id}`)).json().text,
        '{{ customer.email }} from {{ shop.name }}. Stop: {{ links.unsubscribe }}{{ cart.value }}',
      )
      const listed = await api('GET', '/api/v1/message-templates?name=hello')
      assert.equal(listed.json().templates.length, 1)
      const preview = await api('POST', `/api/v1/message-templates/${id}/preview`, { customerId: 'mina' })
      assert.equal(preview.statusCode, 200)
      // The profile's name and e-mail, the shop's name, a stand-in unsubscribe link and no cart.
      assert.deepEqual(preview.json(), {
        subject: 'Hi 김민아 <b>',
        text: 'mina@example.kr from Reel Shop. Stop: #unsubscribe',
        html: '<b>김민아 &lt;b&gt;</b>',
      })
      const nobody = await api('POST', `/api/v1/message-templates/${id}/preview`, { customerId: 'nobody' })
      assert.equal(nobody.statusCode, 404)
      assert.equal((await api('GET', '/api/v1/message-templates/mtp_none')).statusCode, 404)
    })

    it('a second template under a name, channel and locale is a 409 unless asked to replace; so is a rename onto one', async () => {
      const first = { name: 'welcome', channel: 'sms', locale: 'ko', text: '환영합니다' }
      const created = await api('POST', '/api/v1/message-templates', first)
      assert.equal(created.statusCode, 201)
      const { id } = created.json()
      const again = await api('POST', '/api/v1/message-templates', { ...first, text: 'overwritten?' })
      assert.equal(again.statusCode, 409)
      assert.equal(again.json().error.code, 'REEL_ERR_TEMPLATE_NAME_TAKEN')
      assert.deepEqual(again.json().error.details, { id })
      assert.match(again.json().error.message, /^body\.name: .*\?replace=true/)
      assert.equal((await templates.get(id))?.text, '환영합니다', 'nothing was overwritten')

      const replaced = await api('POST', '/api/v1/message-templates?replace=true', {
        ...first,
        text: '어서 오세요',
      })
      assert.equal(replaced.statusCode, 201)
      assert.equal(replaced.json().id, id, 'the one there is replaced, not doubled')
      assert.equal((await templates.get(id))?.text, '어서 오세요')

      const other = (await api('POST', '/api/v1/message-templates', { ...first, name: 'other' })).json()
      const rename = await api('PUT', `/api/v1/message-templates/${other.id}`, first)
      assert.equal(rename.statusCode, 409)
      assert.equal(rename.json().error.code, 'REEL_ERR_TEMPLATE_NAME_TAKEN')
      assert.equal((await templates.get(other.id))?.name, 'other')
    })
  })
}
