import { createServer, type IncomingMessage } from 'node:http'

/** A request an HTTP provider made. */
export interface ReceivedRequest {
  headers: IncomingMessage['headers']
  body: string
}

/** A local HTTP endpoint standing in for an SMS, messenger or webhook provider: records and answers. */
export async function startHttpSink(status = 200, answer = '{"sid":"SM123"}') {
  const received: ReceivedRequest[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => {
      body += c.toString()
    })
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(status, { 'content-type': 'application/json' }).end(answer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return {
    received,
    url: `http://127.0.0.1:${address.port}/send`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
