import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'
import { claimDue } from './outbox.js'
import { channelsOn, deliveryEventCounts, emailTo, startOutboxReel } from './test-support/outbox-reel.js'
import { type SmtpSink, startSmtpSink } from './test-support/smtp-sink.js'

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

for (const engine of engines) {
  describe(`a crash in the middle of a group (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    let sink: SmtpSink
    before(async () => {
      reel = await startOutboxReel(engine)
      sink = await startSmtpSink()
    })
    after(async () => {
      await sink.close()
      await reel.close()
    })

    test('the messages the journal says went are marked sent, not sent again; the others are sent once', async () => {
      const start = new Date()
      const { channels, ingested, dataDir } = channelsOn(
        reel,
        { smtpUrl: sink.url, leaseMs: 60_000 },
        () => start,
        mkdtempSync(join(tmpdir(), 'reel-journal-')),
      )
      await channels.enqueue(reel.database.db, [emailTo(1), emailTo(2), emailTo(3)])
      // A worker claimed the three, wrote the ends of the first two, and was killed before its COMMIT.
      const token = 'round-of-the-killed-worker'
      const claimed = await claimDue(reel.database.db, {
        now: start,
        leaseEnd: new Date(start.getTime() + 60_000),
        token,
        limit: 10,
        channels: ['email'],
      })
      const idOf = (n: number) => claimed.find((m) => m.customerId === `cust-${n}`)?.outboxId ?? ''
      mkdirSync(join(dataDir, 'outbox-journal'))
      writeFileSync(
        join(dataDir, 'outbox-journal', `${deadPid()}.jsonl`),
        `${JSON.stringify([token, idOf(1)])}\n${JSON.stringify([token, idOf(2)])}\n["${token}", "${idOf(3)}`,
      )

      // The next start: the journaled two are marked sent at once; the third waits for the lease.
      assert.deepEqual(await channels.deliverDue(start), { sent: 0, retried: 0, dead: 0 })
      const states = async () => {
        const { rows } = await sql<{ customer_id: string; state: string }>`
          select customer_id, state from outbox_messages order by customer_id`.execute(reel.database.db)
        return rows.map((r) => `${r.customer_id}:${r.state}`)
      }
      assert.deepEqual(await states(), ['cust-1:sent', 'cust-2:sent', 'cust-3:sending'])
      assert.equal(sink.received.length, 0)
      assert.deepEqual(
        ingested.flat().map((e) => [e.event, e.userId]),
        [
          ['Message Sent', 'cust-1'],
          ['Message Sent', 'cust-2'],
        ],
      )
      assert.equal(existsSync(join(dataDir, 'outbox-journal', `${deadPid()}.jsonl`)), false)

      const later = new Date(start.getTime() + 61_000)
      assert.deepEqual(await channels.deliverDue(later), { sent: 1, retried: 0, dead: 0 })
      await channels.close()
      assert.deepEqual(
        sink.received.map((m) => m.to[0]),
        ['cust-3@example.com'],
      )
      assert.deepEqual(await states(), ['cust-1:sent', 'cust-2:sent', 'cust-3:sent'])
      // Once no group is in flight, this process's journal is empty again.
      assert.equal(statSync(join(dataDir, 'outbox-journal', `${process.pid}.jsonl`)).size, 0)
      assert.equal((await deliveryEventCounts(reel))['Message Sent'], 3)
    })
  })
}
