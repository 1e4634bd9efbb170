import { createHash, randomUUID } from 'node:crypto'
import addressparser from 'nodemailer/lib/addressparser'
import * as base64 from 'nodemailer/lib/base64'
import * as mimeFuncs from 'nodemailer/lib/mime-funcs'
import * as qp from 'nodemailer/lib/qp'
import type { DueMessage } from './provider.js'

// The MIME of an outbox e-mail, built as one string. nodemailer's MailComposer did the same through a tree of
// streams and cost more CPU than the rest of sending (the `send` profile in docs/benchmarks.md); the encoding
// rules below are MailComposer's own, and its helpers (qp, base64, encoded words, folding) do the encoding.

/** The Message-ID of a message: derived from its idempotency key, so a resend is recognisably the same. */
export function messageIdOf(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'reel.local'
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`
}

/** The From header's value for a configured sender such as `Shop <news@shop.example>`: built once. */
export function fromHeaderOf(from: string): string {
  const [parsed] = addressparser(from, { flatten: true })
  if (!parsed?.address) return oneLine(from)
  if (!parsed.name) return parsed.address
  const name = /^[\w ]*$/.test(parsed.name)
    ? parsed.name
    : /^[\x20-\x7e]*$/.test(parsed.name)
      ? mimeFuncs.quoteString(parsed.name)
      : mimeFuncs.encodeWord(parsed.name, textEncoding(parsed.name), 52)
  return `${name} <${parsed.address}>`
}

/**
 * The message as MIME: a text part always, html when given (multipart/alternative), one-click unsubscribe
 * for marketing and gift notices. `fromHeader` comes from `fromHeaderOf`.
 */
export function composeEmail(
  message: DueMessage,
  fromHeader: string,
  messageId: string,
  date = new Date(),
): Buffer {
  const headers: string[] = []
  // An order update is what the customer asked for: no one-click unsubscribe in the mail client.
  if (message.messageType !== 'order_updates' && message.unsubscribeUrl) {
    headers.push(header('List-Unsubscribe', `<${message.unsubscribeUrl}>`))
    headers.push('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
  }
  headers.push(
    `From: ${fromHeader}`,
    `To: ${oneLine(message.to)}`,
    header('Subject', message.subject ?? ''),
    `Message-ID: ${messageId}`,
    `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
  )
  if (!message.html) return Buffer.from(`${headers.join('\r\n')}\r\n${textPart('plain', message.text)}`)
  const boundary = `--_Reel-${randomUUID()}`
  return Buffer.from(
    `${headers.join('\r\n')}\r\nContent-Type: multipart/alternative;\r\n boundary="${boundary}"\r\n\r\n` +
      `--${boundary}\r\n${textPart('plain', message.text)}\r\n` +
      `--${boundary}\r\n${textPart('html', message.html)}\r\n` +
      `--${boundary}--\r\n`,
  )
}

/** A text part's headers and body: 7bit when it is short-lined ASCII, else quoted-printable or base64. */
function textPart(subtype: 'plain' | 'html', text: string): string {
  const body = text.replace(/\r\n|\r|\n/g, '\r\n')
  const plain = mimeFuncs.isPlainText(body) && !mimeFuncs.hasLongerLines(body, 76)
  const encoding = plain ? '7bit' : textEncoding(body) === 'Q' ? 'quoted-printable' : 'base64'
  const encoded =
    encoding === '7bit'
      ? body
      : encoding === 'quoted-printable'
        ? qp.wrap(qp.encode(body), 76)
        : base64.wrap(base64.encode(body), 76)
  return `Content-Type: text/${subtype}; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${encoded}`
}

/** An unstructured header (Subject, List-Unsubscribe): on one line, encoded words when needed, folded. */
function header(key: string, value: string): string {
  const line = oneLine(value)
  // The whole value as encoded words once any of it needs encoding (MailComposer's `encodeAll`).
  const plain = !hasControlCharacters(line) && mimeFuncs.encodeWords(line) === line
  const encoded = plain ? line : mimeFuncs.encodeWord(line, textEncoding(line), 52)
  return mimeFuncs.foldLines(`${key}: ${encoded}`, 76)
}

/** A line break inside a header value would start a header of the caller's own. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ')
}

/** Control characters other than tab (and CR/LF, gone by then) can only go out inside an encoded word. */
function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if ((code <= 0x1f && code !== 0x09) || code === 0x7f) return true
  }
  return false
}

/** Quoted-printable when latin letters outnumber other bytes, else base64 (MailComposer's rule). */
function textEncoding(value: string): 'Q' | 'B' {
  let other = 0
  let latin = 0
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0x80)
      other++
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++
  }
  return other < latin ? 'Q' : 'B'
}
