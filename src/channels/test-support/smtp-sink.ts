import { SMTPServer } from 'smtp-server'

/** A message the sink received in full (the final dot arrived and it answered 250). */
export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
}

export interface SmtpSink {
  url: string
  /** Every delivery, in arrival order: a message sent twice is here twice. */
  received: ReceivedMail[]
  /** Connections that broke (a killed client): their unfinished message was discarded. */
  resets(): number
  close(): Promise<void>
}

export interface SmtpSinkOptions {
  /** Refuses a recipient with this SMTP error (e.g. `{code: 550}`), or accepts it (undefined). */
  refuseRecipient?: (address: string) => { code: number; message: string } | undefined
  /** Refuses a whole message after its end, e.g. a 451 to test retries. */
  refuseMessage?: (mail: ReceivedMail) => { code: number; message: string } | undefined
  /** Called for each delivery as it is accepted. */
  onMail?: (mail: ReceivedMail) => void
}

/** A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps what it receives. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = []
  const fail = (refusal: { code: number; message: string }) =>
    Object.assign(new Error(refusal.message), { responseCode: refusal.code })
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 1000,
    closeTimeout: 200,
    onRcptTo(address, _session, callback) {
      const refusal = options.refuseRecipient?.(address.address)
      callback(refusal ? fail(refusal) : undefined)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', () => {}) // the client went away mid-DATA: the message is discarded
      // 'end' only comes with the final dot: a message cut off by a crash never gets here.
      stream.on('end', () => {
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString(),
        }
        const refusal = options.refuseMessage?.(mail)
        if (refusal) return callback(fail(refusal))
        received.push(mail)
        options.onMail?.(mail)
        callback()
      })
    },
  })
  // A client killed while replies were still unread resets its connections; smtp-server reports that as
  // an error, which would otherwise kill the test process.
  let resets = 0
  server.on('error', () => {
    resets++
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.server.address()
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return {
    url: `smtp://127.0.0.1:${address.port}?tls=off`,
    received,
    resets: () => resets,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
