import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type ConsentCustomer,
  customerFor,
  type DecisionInput,
  decideSend,
  type StoredChoice,
  traitConsent,
} from './rules.js'
import { type ConsentSettings, DEFAULT_CONSENT_SETTINGS } from './settings.js'

const NOON_SEOUL = new Date('2026-05-01T03:00:00Z')
const NIGHT_SEOUL = new Date('2026-05-01T13:00:00Z')
const MINA: ConsentCustomer = {
  email: 'mina@example.kr',
  phone: '+82 10 1234 5678',
  traits: { marketing_consent: true },
  isMember: true,
}
const NONE = { channelDay: 0, channelWeek: 0, allWeek: 0 }

/** A decision as `Consent.decide` makes it: the profile, else the address of an address-only send. */
function decide(over: Partial<DecisionInput> = {}, settings: ConsentSettings = DEFAULT_CONSENT_SETTINGS) {
  const input: DecisionInput = {
    customerId: 'mina',
    channel: 'email',
    messageType: 'marketing',
    at: NOON_SEOUL,
    quietHours: 'hold',
    customer: MINA,
    choices: [],
    recent: NONE,
    ...over,
  }
  return decideSend({ ...input, customer: customerFor(input, input.customer) }, settings)
}

const choice = (allowed: boolean, source: StoredChoice['source'] = 'preference_centre'): StoredChoice => ({
  channel: 'email',
  messageType: 'marketing',
  allowed,
  source,
})

describe('send decisions', () => {
  it('marketing goes to the e-mail of a customer who said yes', () => {
    assert.deepEqual(decide(), { decision: 'send', to: 'mina@example.kr' })
  })

  it('marketing without an opt-in is skipped; opt-out shops send it', () => {
    const quiet = { ...MINA, traits: {} }
    assert.deepEqual(decide({ customer: quiet }), { decision: 'skip', reason: 'no_consent' })
    const optOut = { ...DEFAULT_CONSENT_SETTINGS, marketingConsent: 'opt_out' as const }
    assert.equal(decide({ customer: quiet }, optOut).decision, 'send')
  })

  it('per-channel traits: yes to e-mail, no to SMS', () => {
    const traits = { consent: { email: true, sms: false } }
    assert.equal(decide({ customer: { ...MINA, traits } }).decision, 'send')
    assert.deepEqual(decide({ customer: { ...MINA, traits }, channel: 'sms' }), {
      decision: 'skip',
      reason: 'no_consent',
    })
    assert.equal(traitConsent({ consent: { sms: { order_updates: false } } }, 'sms', 'order_updates'), false)
  })

  it('an unsubscribe wins over a marketing_consent trait, even in an opt-out shop', () => {
    const optOut = { ...DEFAULT_CONSENT_SETTINGS, marketingConsent: 'opt_out' as const }
    assert.deepEqual(decide({ choices: [choice(false, 'unsubscribe')] }, optOut), {
      decision: 'skip',
      reason: 'unsubscribed',
    })
  })

  it('a preference centre yes counts without any trait', () => {
    const decision = decide({ customer: { ...MINA, traits: {} }, choices: [choice(true)] })
    assert.equal(decision.decision, 'send')
  })

  it('order updates go without an opt-in, unless turned off', () => {
    const plain = { ...MINA, traits: {} }
    assert.equal(decide({ customer: plain, messageType: 'order_updates' }).decision, 'send')
    const off: StoredChoice = { ...choice(false), messageType: 'order_updates' }
    assert.equal(decide({ customer: plain, messageType: 'order_updates', choices: [off] }).decision, 'skip')
  })

  it('gift notices go without an opt-in, at night and past the caps, and stop once turned off', () => {
    const plain = { ...MINA, traits: {} }
    const caps = { perChannelPerDay: 1, perChannelPerWeek: 1, globalPerWeek: 1 }
    const busy = { channelDay: 3, channelWeek: 3, allWeek: 3 }
    assert.deepEqual(decide({ customer: plain, messageType: 'gifts', at: NIGHT_SEOUL, caps, recent: busy }), {
      decision: 'send',
      to: 'mina@example.kr',
    })
    const off: StoredChoice = { ...choice(false, 'unsubscribe'), messageType: 'gifts' }
    assert.deepEqual(decide({ customer: plain, messageType: 'gifts', choices: [off] }), {
      decision: 'skip',
      reason: 'unsubscribed',
    })
    const byTraits = { consent: { email: { gifts: false } } }
    assert.equal(decide({ customer: { ...MINA, traits: byTraits }, messageType: 'gifts' }).decision, 'skip')
  })

  it('someone without a profile is reached at the address given, and their unsubscribe holds', () => {
    const friend = { customer: undefined, messageType: 'gifts' as const, customerId: 'contact_x' }
    assert.deepEqual(decide({ ...friend, address: 'dana@example.net' }), {
      decision: 'send',
      to: 'dana@example.net',
    })
    assert.deepEqual(decide({ ...friend, channel: 'sms', address: '010-5555-6666' }), {
      decision: 'send',
      to: '010-5555-6666',
    })
    const off: StoredChoice = { ...choice(false, 'unsubscribe'), messageType: 'gifts' }
    assert.deepEqual(decide({ ...friend, address: 'dana@example.net', choices: [off] }), {
      decision: 'skip',
      reason: 'unsubscribed',
    })
    assert.deepEqual(decide({ ...friend, address: 'dana@example.net', messageType: 'marketing' }), {
      decision: 'skip',
      reason: 'no_consent',
    })
    // A customer with a profile is reached at the profile's address, not one a request names.
    assert.deepEqual(decide({ address: 'other@example.net' }), { decision: 'send', to: 'mina@example.kr' })
  })

  it('no phone, no SMS; webhook and log send to the customer id', () => {
    assert.deepEqual(decide({ customer: { ...MINA, phone: null }, channel: 'sms' }), {
      decision: 'skip',
      reason: 'no_address',
    })
    assert.deepEqual(decide({ channel: 'log' }), { decision: 'send', to: 'mina' })
    assert.deepEqual(decide({ customer: undefined }), { decision: 'skip', reason: 'no_address' })
  })

  it('webhook marketing follows the personal channels: no yes anywhere, no message', () => {
    assert.deepEqual(decide({ channel: 'webhook', customer: { ...MINA, traits: {} } }), {
      decision: 'skip',
      reason: 'no_consent',
    })
  })

  it('caps: the third marketing message of the day is skipped at two a day', () => {
    const caps = { perChannelPerDay: 2 }
    assert.equal(decide({ caps, recent: { ...NONE, channelDay: 1 } }).decision, 'send')
    assert.deepEqual(decide({ caps, recent: { ...NONE, channelDay: 2 } }), {
      decision: 'skip',
      reason: 'frequency_cap',
    })
    assert.equal(decide({ caps: { globalPerWeek: 3 }, recent: { ...NONE, allWeek: 3 } }).decision, 'skip')
    assert.equal(
      decide({ caps, recent: { ...NONE, channelDay: 5 }, messageType: 'order_updates' }).decision,
      'send',
    )
  })

  it('marketing at 22:00 in Seoul holds until 08:00, or is skipped when the campaign says so', () => {
    assert.deepEqual(decide({ at: NIGHT_SEOUL }), {
      decision: 'hold',
      until: new Date('2026-05-01T23:00:00Z'),
      reason: 'quiet_hours',
    })
    assert.deepEqual(decide({ at: NIGHT_SEOUL, quietHours: 'skip' }), {
      decision: 'skip',
      reason: 'quiet_hours',
    })
    assert.equal(decide({ at: NIGHT_SEOUL, messageType: 'order_updates' }).decision, 'send')
  })

  it("quiet hours follow the customer's timezone trait; an unknown zone falls back to the shop's", () => {
    const london = { ...MINA, traits: { ...MINA.traits, timezone: 'Europe/London' } }
    assert.equal(decide({ at: NIGHT_SEOUL, customer: london }).decision, 'send') // 14:00 in London
    const bogus = { ...MINA, traits: { ...MINA.traits, timezone: 'Mars/Olympus' } }
    assert.equal(decide({ at: NIGHT_SEOUL, customer: bogus }).decision, 'hold')
  })
})
