import { open, rename, rm } from 'node:fs/promises'
import { z } from 'zod'
import { type AnyDb, readSetting, writeSetting } from '../../db/index.js'
import { BackfillError } from './backfill-error.js'

/** What a back-fill has done so far, added up over the runs that resumed it. */
export interface BackfillCounts {
  pages: number
  customers: number
  orders: number
  /** Messages the objects were mapped to. */
  events: number
  accepted: number
  duplicates: number
  quarantined: number
}

/**
 * Where a back-fill stands after a page is durably written: the list it reads and the URL of its next page.
 * The query (shop, since, API version) is kept too, so a rerun with other options starts over instead of
 * resuming someone else's pages.
 */
export interface BackfillCursor {
  shop: string
  since: string
  apiVersion: string
  resource: 'customers' | 'orders'
  /** The next page to read; null: the list's first page. */
  nextUrl: string | null
  counts: BackfillCounts
  /** ISO time of the save. */
  savedAt: string
}

/** Keeps one shop's back-fill cursor between runs. */
export interface CursorStore {
  /** The saved cursor, if there is one. */
  load(): Promise<BackfillCursor | undefined>
  /** Replaces the saved cursor; resolves once it is durable. */
  save(cursor: BackfillCursor): Promise<void>
  /** Forgets the cursor (the back-fill finished): the next run reads from the start again. */
  clear(): Promise<void>
}

const count = z.number().int().nonnegative()
const cursorSchema = z.object({
  shop: z.string(),
  since: z.string(),
  apiVersion: z.string(),
  resource: z.enum(['customers', 'orders']),
  nextUrl: z.string().nullable(),
  counts: z.object({
    pages: count,
    customers: count,
    orders: count,
    events: count,
    accepted: count,
    duplicates: count,
    quarantined: count,
  }),
  savedAt: z.string(),
})

function parseCursor(text: string, where: string): BackfillCursor {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const parsed = cursorSchema.safeParse(json)
  if (!parsed.success)
    throw new BackfillError(
      'bad-cursor',
      `${where} does not hold a back-fill cursor; remove it to start over`,
    )
  return parsed.data
}

/** A cursor in a JSON file, replaced atomically (written beside it, flushed, renamed over it). */
export function fileCursorStore(path: string): CursorStore {
  return {
    async load() {
      let text: string
      try {
        const file = await open(path, 'r')
        try {
          text = await file.readFile('utf8')
        } finally {
          await file.close()
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
      return parseCursor(text, path)
    },
    async save(cursor) {
      const partial = `${path}.partial`
      const file = await open(partial, 'w', 0o600)
      try {
        await file.writeFile(`${JSON.stringify(cursor, null, 2)}\n`)
        await file.sync()
      } finally {
        await file.close()
      }
      await rename(partial, path)
    },
    async clear() {
      await rm(path, { force: true })
    },
  }
}

/** The settings key of a shop's back-fill cursor. */
export function cursorSettingKey(shop: string): string {
  return `connectors.shopify.backfill.${shop}`
}

/**
 * A cursor in Reel's settings table, beside the events it describes: a database that is replaced or wiped
 * takes its cursor with it, where a file would make a rerun skip pages the new database never got.
 */
export function settingsCursorStore(db: AnyDb, shop: string): CursorStore {
  const key = cursorSettingKey(shop)
  return {
    async load() {
      const text = await readSetting(db, key)
      // The settings surface has no delete: a cleared cursor is an empty value.
      return text ? parseCursor(text, `the setting ${key}`) : undefined
    },
    save: (cursor) => writeSetting(db, key, JSON.stringify(cursor)),
    clear: () => writeSetting(db, key, ''),
  }
}

/** A cursor kept in memory only, for tests and for runs that need not resume. */
export function memoryCursorStore(initial?: BackfillCursor): CursorStore & { saved: BackfillCursor[] } {
  let current = initial
  const saved: BackfillCursor[] = []
  return {
    saved,
    async load() {
      return current
    },
    async save(cursor) {
      current = structuredClone(cursor)
      saved.push(current)
    },
    async clear() {
      current = undefined
    },
  }
}
