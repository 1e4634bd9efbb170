/**
 * The crash test: SIGKILL a delivery worker in the middle of 10,000 e-mails to a real SMTP server,
 * start another, and every customer has exactly one message: counted as raw deliveries at the server.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'
import { channelsOn, emailTo, startOutboxReel } from './test-support/outbox-reel.js'
import { type SmtpSink, startSmtpSink } from './test-support/smtp-sink.js'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const MESSAGES = 10_000
const KILL_AFTER = 3_000

function startWorker(env: Record<string, string>): {
  child: ChildProcess
  exited: Promise<number | string | null>
} {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REEL_')))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/channels/test-support/send-worker.ts'], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  )
  return { child, exited }
}

const postgres = engines.find((e) => e.name === 'postgres')

describe('a delivery worker killed mid-send (postgres)', { skip: postgres?.skip ?? 'no engine' }, () => {
  let reel: Reel
  let sink: SmtpSink
  let killed: ChildProcess | undefined
  before(async () => {
    reel = await startOutboxReel(postgres ?? engines[0]!)
    sink = await startSmtpSink({
      onMail: () => {
        if (sink.received.length >= KILL_AFTER && killed) {
          killed.kill('SIGKILL')
          killed = undefined
        }
      },
    })
  })
  after(async () => {
    await sink.close()
    await reel.close()
  })

  test('every one of 10,000 customers gets exactly one e-mail after a SIGKILL and a restart', {
    timeout: 120_000,
  }, async () => {
    const { channels } = channelsOn(reel, {})
    const messages = Array.from({ length: MESSAGES }, (_, n) => emailTo(n))
    assert.equal((await channels.enqueue(reel.database.db, messages)).enqueued.length, MESSAGES)
    const env = {
      REEL_DATABASE_URL: reel.config.databaseUrl ?? '',
      REEL_SMTP_URL: sink.url,
      REEL_OUTBOX_LEASE_MS: '1500',
      REEL_WRITE_KEY: 'test-write-key',
      REEL_ADMIN_TOKEN: 'test-admin-token-0123456789',
    }
    const first = startWorker(env)
    killed = first.child
    assert.equal(await first.exited, 'SIGKILL')
    const atKill = sink.received.length
    assert.ok(atKill >= KILL_AFTER && atKill < MESSAGES, `killed after ${atKill} deliveries`)
    const second = startWorker(env)
    assert.equal(await second.exited, 0)

    const perRecipient = new Map<string, number>()
    for (const mail of sink.received)
      for (const to of mail.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1)
    const twice = [...perRecipient].filter(([, n]) => n > 1)
    const missing = messages.filter((m) => !perRecipient.has(m.to))
    assert.deepEqual(
      { deliveries: sink.received.length, twice: twice.slice(0, 5), missing: missing.length },
      { deliveries: MESSAGES, twice: [], missing: 0 },
    )
    const { rows } = await sql<{ state: string; n: number }>`
      select state, count(*)::int as n from outbox_messages group by state`.execute(reel.database.db)
    assert.deepEqual(rows, [{ state: 'sent', n: MESSAGES }])
  })
})
