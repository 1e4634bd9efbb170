import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { migrations, type Reel } from '../app.js'
import { templateRoutes } from '../http/template-routes.js'
import { getCustomer } from '../profiles/index.js'
import { engines } from '../test-support/engines.js'
import {
  createTemplates,
  giftTemplates,
  starterTemplates,
  TemplateError,
  type Templates,
  templatesMigrations,
} from './index.js'

const NOW = new Date('2026-05-01T03:00:00Z')

for (const engine of engines) {
  describe(`message templates (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let templates: Templates
    let app: FastifyInstance

    before(async () => {
      reel = await engine.start({ clock: () => NOW })
      await reel.database.migrate([...migrations, ...templatesMigrations])
      await reel.ingestor.ingest([
        {
          type: 'identify',
          userId: 'mina',
          messageId: 'identify-mina',
          timestamp: NOW.toISOString(),
          traits: { email: 'mina@example.kr', name: '김민아 <b>' },
        },
      ])
      templates = createTemplates({ db: reel.database.db, clock: () => NOW })
      app = Fastify({ logger: false })
      app.setValidatorCompiler(validatorCompiler)
      app.setSerializerCompiler(serializerCompiler)
      await app.register(templateRoutes, {
        prefix: '/api/v1',
        templates,
        async preview(templateId, customerId) {
          const [template, customer] = await Promise.all([
            templates.get(templateId),
            getCustomer(reel.database.db, customerId),
          ])
          if (!template || !customer) return undefined
          return templates.render(template, {
            customer: { ...customer.traits, email: customer.email },
            cart: { items: [{ name: '린넨 셔츠', quantity: 1 }], value: 59000, currency: 'KRW' },
            recommendations: [],
            links: { unsubscribe: 'https://shop.example/u/cut_x' },
            shop: { name: 'Reel Shop' },
          })
        },
      })
    })

    after(async () => {
      await app?.close()
      await reel?.close()
    })

    it('installing the starters twice keeps one of each; pick falls back to English', async () => {
      // The start installed the starter set (campaign starters and gift notices) once already.
      const installed = (await templates.list()).length
      for (const input of [...starterTemplates(), ...starterTemplates()]) await templates.save(input)
      assert.equal(installed, starterTemplates().length + giftTemplates().length)
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
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/message-templates',
        payload: { name: 'broken', channel: 'sms', locale: 'en', text: 'Hi\n  {% for x in y %}' },
      })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(response.json().error.details, { field: 'text', line: 2, column: 3 })
      assert.match(response.json().error.message, /^text, line 2, column 3/)
    })

    it('the API creates, updates, gets, lists and previews for a customer', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/message-templates',
        payload: {
          name: 'hello',
          channel: 'email',
          locale: 'en',
          subject: 'Hi {{ customer.name }}',
          text: 'Hello',
          html: '<b>{{ customer.name }}</b>',
        },
      })
      assert.equal(created.statusCode, 201)
      const { id } = created.json()
      const updated = await app.inject({
        method: 'PUT',
        url: `/api/v1/message-templates/${id}`,
        payload: {
          name: 'hello',
          channel: 'email',
          locale: 'en',
          subject: 'Hi {{ customer.name }}',
          text: 'Cart {{ cart.value | money: cart.currency }}',
          html: '<b>{{ customer.name }}</b>',
        },
      })
      assert.equal(updated.statusCode, 200)
      assert.equal(
        (await app.inject({ url: `/api/v1/message-templates/${id}` })).json().text,
        'Cart {{ cart.value | money: cart.currency }}',
      )
      const listed = await app.inject({ url: '/api/v1/message-templates?name=hello' })
      assert.equal(listed.json().templates.length, 1)
      const preview = await app.inject({
        method: 'POST',
        url: `/api/v1/message-templates/${id}/preview`,
        payload: { customerId: 'mina' },
      })
      assert.equal(preview.statusCode, 200)
      assert.deepEqual(preview.json(), {
        subject: 'Hi 김민아 <b>',
        text: 'Cart ₩59,000',
        html: '<b>김민아 &lt;b&gt;</b>',
      })
      const nobody = await app.inject({
        method: 'POST',
        url: `/api/v1/message-templates/${id}/preview`,
        payload: { customerId: 'nobody' },
      })
      assert.equal(nobody.statusCode, 404)
      assert.equal((await app.inject({ url: '/api/v1/message-templates/mtp_none' })).statusCode, 404)
    })
  })
}
