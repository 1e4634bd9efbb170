import assert from 'node:assert/strict'
import { test } from 'node:test'
import { composeEmail, fromHeaderOf, messageIdOf } from './mime.js'
import type { DueMessage } from './provider.js'
import { dueMessage } from './test-support/outbox-reel.js'

const message = (over: Partial<DueMessage> = {}) =>
  dueMessage({ subject: 'Your cart is waiting', html: null, metadata: {}, ...over })

const compose = (over: Partial<DueMessage> = {}, from = 'Shop <news@shop.example>') =>
  composeEmail(message(over), fromHeaderOf(from), messageIdOf('k', from), new Date('2026-11-25T10:00:00Z'))
    .toString()
    .split('\r\n')

test('a plain English e-mail is one 7bit text part with its headers, Content-Type last', () => {
  assert.deepEqual(compose(), [
    'List-Unsubscribe: <https://shop.example/u/abc>',
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'From: Shop <news@shop.example>',
    'To: ana@example.com',
    'Subject: Your cart is waiting',
    // printf '%s' k | sha256sum: the first 32 hex digits, at the sender's domain
    'Message-ID: <8254c329a92850f6d539dd376f4816ee@shop.example>',
    'Date: Wed, 25 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    'Your cart is waiting.',
  ])
})

test('with html the e-mail is multipart/alternative: the text part first, then the html part', () => {
  const lines = compose({ html: '<p>Your cart</p>' })
  const boundary = /boundary="([^"]+)"/.exec(lines.join('\n'))?.[1]
  assert.ok(boundary)
  const parts = lines.filter((l) => l.startsWith(`--${boundary}`) || l.startsWith('Content-Type: text/'))
  assert.deepEqual(parts, [
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    `--${boundary}--`,
  ])
})

test('non-ASCII subjects and names are encoded words; Latin text is quoted-printable, Korean base64', () => {
  const german = compose({ subject: 'Schön, dass du da bist', text: 'Grüße aus dem Laden' }, 'Café <a@b.c>')
  assert.ok(german.includes('From: =?UTF-8?Q?Caf=C3=A9?= <a@b.c>'))
  assert.ok(german.includes('Subject: =?UTF-8?Q?Sch=C3=B6n=2C_dass_du_da_bist?='))
  assert.ok(german.includes('Content-Transfer-Encoding: quoted-printable'))
  assert.ok(german.includes('Gr=C3=BC=C3=9Fe aus dem Laden'))
  const korean = compose({ text: '장바구니에 담긴 상품이 기다리고 있어요' })
  assert.ok(korean.includes('Content-Transfer-Encoding: base64'))
  const body = korean.slice(korean.indexOf('') + 1).join('')
  assert.equal(Buffer.from(body, 'base64').toString(), '장바구니에 담긴 상품이 기다리고 있어요')
})

test('a line break in a subject or address cannot start a header of its own', () => {
  const lines = compose({ subject: 'Hi\r\nBcc: all@example.com', to: 'ana@example.com\nX-Evil: 1' })
  assert.ok(!lines.some((l) => l.startsWith('Bcc:') || l.startsWith('X-Evil:')))
  assert.ok(lines.includes('Subject: Hi Bcc: all@example.com'))
})

test('an order update carries no unsubscribe header; a display name with a comma is quoted', () => {
  const lines = compose({ messageType: 'order_updates' }, '"Shop, Inc." <news@shop.example>')
  assert.ok(!lines.some((l) => l.startsWith('List-Unsubscribe')))
  assert.ok(lines.includes('From: "Shop, Inc." <news@shop.example>'))
})
