import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { type MessageContentRow, messageOfRow } from './message.js'
import type { DueMessage } from './provider.js'

/**
 * The last word on which messages went out, for a crash between a message's end and its "sent" COMMIT.
 *
 * A group's rows are marked sent in a transaction, then each message's id is written here and its end (the
 * SMTP dot) to its socket, one after the other, and only then the COMMIT. A process killed in the middle of
 * a group has written the ends of some of its messages and not of the others: the transaction is rolled
 * back, and the next start reads here which ones went and marks them sent; the rest are sent again. (Marking
 * the group sent first, then writing the ends, lost every message after the one the kill fell on: measured in
 * about one campaign crash test in four.) The kernel keeps a written file through a SIGKILL. What remains is
 * a kill between an id's line and its message's end, two adjacent writes: that message is marked sent and was
 * not delivered.
 *
 * One file per process (`<dataDir>/outbox-journal/<pid>.jsonl`), since several processes may send from one
 * data folder on PostgreSQL; it is emptied whenever no group is in flight.
 */
export interface FinishJournal {
  /** Starts recording one group of the round fenced by `token`. */
  group(token: string): JournalGroup
  close(): void
}

export interface JournalGroup {
  /** Records, synchronously, that this message's end is about to be written. */
  finishing(outboxId: string): void
  /** The group's marks are committed (or not, though messages went: the journal keeps them for the next start). */
  settled(committed: boolean): void
}

const journalDir = (dataDir: string) => join(dataDir, 'outbox-journal')

/** Opens this process's journal in the data folder. */
export function openFinishJournal(dataDir: string): FinishJournal {
  mkdirSync(journalDir(dataDir), { recursive: true })
  const fd = openSync(join(journalDir(dataDir), `${process.pid}.jsonl`), 'a')
  let inFlight = 0
  let keep = false
  return {
    group(token) {
      inFlight++
      let open = true
      return {
        finishing(outboxId) {
          writeSync(fd, `${JSON.stringify([token, outboxId])}\n`)
        },
        settled(committed) {
          if (!open) return
          open = false
          inFlight--
          if (!committed) keep = true
          if (inFlight === 0 && !keep) ftruncateSync(fd, 0)
        },
      }
    },
    close: () => closeSync(fd),
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false // a journal of an earlier process that had our pid
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The ids each token's groups finished, from one journal file; a line a crash cut short is ignored. */
function readJournal(path: string): Map<string, string[]> {
  const byToken = new Map<string, string[]>()
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    let entry: unknown
    try {
      entry = JSON.parse(line)
    } catch {
      continue
    }
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') continue
    const ids = byToken.get(entry[0]) ?? []
    ids.push(entry[1])
    byToken.set(entry[0], ids)
  }
  return byToken
}

/**
 * Marks sent the rows whose ends the journals of ended processes (this one's earlier self included) record,
 * where the row is still `sending` under that round's token, then removes those journals. Returns the
 * messages, for their delivery events. Run before this process's first round claims.
 */
export async function recoverFinished(db: AnyDb, dataDir: string, now: Date): Promise<DueMessage[]> {
  let files: string[]
  try {
    files = readdirSync(journalDir(dataDir)).filter((f) => /^\d+\.jsonl$/.test(f))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const recovered: DueMessage[] = []
  for (const file of files) {
    if (isAlive(Number.parseInt(file, 10))) continue
    const path = join(journalDir(dataDir), file)
    for (const [token, ids] of readJournal(path)) {
      const { rows } = await sql<MessageContentRow & { id: string; attempts: number; retries: number }>`
        update outbox_messages o
        set state = 'sent', sent_at = ${now}, updated_at = ${now}, next_attempt_at = null, last_error = null
        where o.id = any(${ids}::bigint[]) and o.state = 'sending' and o.lease_token = ${token}
        returning o.id::text, o.idempotency_key, o.channel, o.customer_id, o.message_type, o.recipient,
          o.subject, o.body_text, o.body_html, o.unsubscribe_url, o.metadata, o.attempts, o.retries`.execute(
        db,
      )
      for (const r of rows)
        recovered.push({ ...messageOfRow(r), outboxId: r.id, attempt: r.attempts, retries: r.retries })
    }
    rmSync(path, { force: true })
  }
  return recovered
}
