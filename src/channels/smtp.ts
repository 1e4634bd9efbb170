import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import MailComposer from 'nodemailer/lib/mail-composer'
import SMTPConnection, { type SMTPConnectionSendInfo } from 'nodemailer/lib/smtp-connection'
import { type DueMessage, type HeldDelivery, type Provider, SendError } from './provider.js'

export interface SmtpOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`; `?tls=off` never upgrades. */
  url: string
  /** The From address, e.g. `Shop <news@shop.example>`. */
  from: string
  timeoutMs: number
}

/** The Message-ID of a message: derived from its idempotency key, so a resend is recognisably the same. */
export function messageIdOf(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'reel.local'
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`
}

/** The message as MIME: a text part always, html when given, one-click unsubscribe for marketing. */
export function composeEmail(message: DueMessage, from: string): Promise<Buffer> {
  const oneClick = message.messageType === 'marketing' && message.unsubscribeUrl
  return new MailComposer({
    from,
    to: message.to,
    subject: message.subject ?? '',
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    messageId: messageIdOf(message.idempotencyKey, from),
    headers: oneClick
      ? {
          'List-Unsubscribe': `<${message.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        }
      : {},
  })
    .compile()
    .build()
}

/**
 * E-mail over SMTP. `send` streams the whole message inside DATA but holds back its end (the final dot):
 * until `finish` the server has not accepted anything, and a crash drops the half-sent message.
 */
export function smtp(options: SmtpOptions): Provider {
  const url = new URL(options.url)
  const secure = url.protocol === 'smtps:'
  const connectionOptions = {
    host: url.hostname,
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    ignoreTLS: url.searchParams.get('tls') === 'off',
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  }
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : undefined
  // The envelope takes the bare address of `Shop <news@shop.example>`.
  const envelopeFrom = /<([^>]+)>/.exec(options.from)?.[1] ?? options.from.trim()
  const idle: SMTPConnection[] = []
  const broken = new WeakSet<SMTPConnection>()

  async function open(): Promise<SMTPConnection> {
    const connection = new SMTPConnection(connectionOptions)
    connection.on('error', () => broken.add(connection))
    connection.on('end', () => broken.add(connection))
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject)
      connection.connect(() => {
        connection.off('error', reject)
        resolve()
      })
    })
    if (auth)
      await new Promise<void>((resolve, reject) =>
        connection.login(auth, (error) => (error ? reject(error) : resolve())),
      )
    return connection
  }

  async function acquire(): Promise<SMTPConnection> {
    for (let connection = idle.pop(); connection; connection = idle.pop()) {
      if (!broken.has(connection)) return connection
      connection.close()
    }
    try {
      return await open()
    } catch (error) {
      throw smtpError(error)
    }
  }

  return {
    name: 'email',
    async send(message): Promise<HeldDelivery> {
      const raw = await composeEmail(message, options.from)
      const providerMessageId = messageIdOf(message.idempotencyKey, options.from)
      const connection = await acquire()
      let bodyTaken!: () => void
      const inData = new Promise<void>((resolve) => {
        bodyTaken = resolve
      })
      // Read only once the server said 354 (DATA): then every byte but the end is pushed at once.
      let pushed = false
      const body = new Readable({
        read() {
          if (pushed) return
          pushed = true
          this.push(raw)
          setImmediate(bodyTaken)
        },
      })
      const answer = new Promise<SMTPConnectionSendInfo>((resolve, reject) =>
        connection.send({ from: envelopeFrom, to: [message.to] }, body, (error, info) =>
          error ? reject(error) : resolve(info),
        ),
      )
      answer.catch(() => {}) // awaited in finish; an early failure is seen by the race below
      try {
        await Promise.race([inData, answer])
      } catch (error) {
        connection.close()
        throw smtpError(error)
      }
      return {
        providerMessageId,
        finish() {
          body.push(null) // the final dot: the server accepts the message when it arrives
          return answer.then(
            () => {
              idle.push(connection)
              return { providerMessageId }
            },
            (error) => {
              connection.close()
              throw smtpError(error)
            },
          )
        },
        // Closing mid-DATA makes the server discard what it got.
        abandon: () => connection.close(),
      }
    },
    async close() {
      for (const connection of idle.splice(0)) connection.quit()
    },
  }
}

/** A 5xx answer (unknown mailbox, refused sender) will not change on a retry. */
function smtpError(error: unknown): SendError {
  const code = (error as { responseCode?: number }).responseCode
  return new SendError((error as Error).message ?? String(error), code !== undefined && code >= 500)
}
