import assert from 'node:assert/strict'
import { after, before, describe, it, mock, test } from 'node:test'
import { Command } from 'commander'
import type { FastifyInstance } from 'fastify'
import type { Reel } from '../app.js'
import { registerCampaigns } from '../cli/campaigns-command.js'
import { buildHttp } from '../http/server.js'
import { engines, TEST_ADMIN_TOKEN } from '../test-support/engines.js'
import type { Step } from './index.js'
import { oneEmailCampaign } from './test-support/one-email.js'
import { providerWarnings } from './warnings.js'

const send = (channel: 'email' | 'sms' | 'log'): Step => ({
  type: 'send',
  channel,
  template: 'cart_reminder',
  messageType: 'marketing',
  couponTemplateId: null,
})

test('a send step on a channel without a provider is named, with the setting that gives it one', () => {
  const steps: Step[] = [send('email'), { type: 'wait', hours: 24 }, send('sms'), send('log')]
  assert.deepEqual(
    providerWarnings(steps, ['log']).map((w) => [w.step, w.channel]),
    [
      [1, 'email'],
      [3, 'sms'],
    ],
  )
  assert.match(providerWarnings(steps, ['log'])[0]?.message ?? '', /step 1 sends by email.*REEL_SMTP_URL/)
  assert.deepEqual(
    providerWarnings(steps, ['email', 'sms', 'log']),
    [],
    'nothing to say once each has a provider',
  )
})

for (const engine of engines) {
  describe(`resuming a campaign on a channel without a provider (${engine.name})`, {
    skip: engine.skip,
  }, () => {
    let reel: Reel
    let app: FastifyInstance
    before(async () => {
      reel = await engine.start() // no REEL_SMTP_URL
      app = await buildHttp(reel)
    })
    after(async () => {
      await app.close()
      await reel.close()
    })
    const cartReminder = async () =>
      reel.campaigns.create(
        oneEmailCampaign(
          'Cart reminder',
          { type: 'signal', kind: 'cart_abandoned', maxAgeHours: 24 },
          'cart_reminder',
        ),
      )

    it('warns in the API answer and the server log', async () => {
      const campaign = await cartReminder()
      const logged = mock.method(app.log, 'warn')
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaign.id}/resume`,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      })
      logged.mock.restore()
      assert.equal(response.statusCode, 200)
      const body = response.json() as {
        state: string
        warnings: Array<{ step: number; channel: string; message: string }>
      }
      assert.equal(body.state, 'active')
      assert.deepEqual(
        body.warnings.map((w) => [w.step, w.channel]),
        [[1, 'email']],
      )
      assert.match(body.warnings[0]?.message ?? '', /no email provider is configured \(REEL_SMTP_URL\)/)
      assert.deepEqual(
        logged.mock.calls.map((c) => String(c.arguments[1])),
        [`campaign Cart reminder: ${body.warnings[0]?.message}`],
      )
      const paused = await app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaign.id}/pause`,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      })
      assert.deepEqual(paused.json().warnings, [], 'pausing has nothing to warn of')
    })

    it('warns in the CLI', async () => {
      const campaign = await cartReminder()
      const program = new Command().exitOverride()
      registerCampaigns(program, (run) => run(reel))
      const printed = mock.method(console, 'log', () => {})
      const warned = mock.method(console, 'error', () => {})
      try {
        await program.parseAsync(['campaigns', 'resume', campaign.id], { from: 'user' })
      } finally {
        printed.mock.restore()
        warned.mock.restore()
      }
      assert.deepEqual(
        printed.mock.calls.map((c) => c.arguments[0]),
        ['Cart reminder: active'],
      )
      assert.equal(warned.mock.calls.length, 1)
      assert.match(
        String(warned.mock.calls[0]?.arguments[0]),
        /^warning: step 1 sends by email.*REEL_SMTP_URL/,
      )
    })
  })
}
