import type { Readable, Writable } from 'node:stream'
import SMTPConnection, { type SMTPConnectionSendInfo } from 'nodemailer/lib/smtp-connection'
import { composeEmail, fromHeaderOf, messageIdOf } from './mime.js'
import { type HeldDelivery, type Provider, SendError } from './provider.js'

export { messageIdOf } from './mime.js'

export interface SmtpOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`; `?tls=off` never upgrades. */
  url: string
  /** The From address, e.g. `Shop <news@shop.example>`. */
  from: string
  timeoutMs: number
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
  const fromHeader = fromHeaderOf(options.from)
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
      const providerMessageId = messageIdOf(message.idempotencyKey, options.from)
      const raw = composeEmail(message, fromHeader, providerMessageId)
      const connection = await acquire()
      let bodyTaken!: () => void
      const inData = new Promise<void>((resolve) => {
        bodyTaken = resolve
      })
      // nodemailer pipes a message into its dot-escaping data stream once the server said 354 (DATA). This
      // "message" writes every byte but the end into that stream at once and keeps it: `finish` ends it, and
      // the stream writes the final dot to the socket in that same call. (Ending a piped Readable instead
      // would write it a tick later, behind every promise continuation queued by then: in a busy process,
      // after the "sent" commit had become durable, a crash there lost the message.)
      let data: Writable | undefined
      const body = {
        pipe(stream: Writable) {
          data = stream
          stream.write(raw)
          setImmediate(bodyTaken)
          return stream
        },
      }
      const answer = new Promise<SMTPConnectionSendInfo>((resolve, reject) =>
        // nodemailer only calls `pipe` on a stream message.
        connection.send(
          { from: envelopeFrom, to: [message.to] },
          body as unknown as Readable,
          (error, info) => (error ? reject(error) : resolve(info)),
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
          data?.end() // the final dot: the server accepts the message when it arrives
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
