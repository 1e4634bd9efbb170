/**
 * The SMTP sink in a process of its own, for the send bench: its parsing of every command and message then
 * runs beside the sender instead of on its event loop, as a real mail server would. Run directly (by
 * `startSmtpSinkProcess`), this file starts the sink and answers the parent over IPC.
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startSmtpSink } from './smtp-sink.js'

export interface SmtpSinkProcess {
  url: string
  /** The first recipient of every delivery so far, in arrival order (a message sent twice is here twice). */
  recipients(): Promise<string[]>
  close(): Promise<void>
}

type Request = 'recipients' | 'close'

/** Starts the sink in a child process (under tsx, as the tests run); resolves once it listens. */
export async function startSmtpSinkProcess(): Promise<SmtpSinkProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      child.once('message', (answer) => resolve(answer as T))
      child.once('exit', (code) => reject(new Error(`the SMTP sink process exited (${code})`)))
    })
  const ask = <T>(request: Request) => {
    const answer = next<T>()
    child.send(request)
    return answer
  }
  const url = await next<string>()
  return {
    url,
    recipients: () => ask<string[]>('recipients'),
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.send('close')
      await exited
    },
  }
}

if (process.argv.includes('--serve') && process.send) {
  const sink = await startSmtpSink()
  process.on('message', async (request: Request) => {
    if (request === 'recipients') process.send?.(sink.received.map((m) => m.to[0] ?? ''))
    else {
      await sink.close()
      process.disconnect()
    }
  })
  process.send(sink.url)
}
