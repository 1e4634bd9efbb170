import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** A throwaway database on a PostgreSQL server, dropped by `drop()`. */
export interface BenchDatabase {
  url: string
  name: string
  drop(): Promise<void>
}

/** Creates `reel_bench_<random>` on the server of `adminUrl` (an account that may create databases). */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `reel_bench_${randomBytes(6).toString('hex')}`
  await adminQuery(adminUrl, `create database ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  }
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(text)
  } finally {
    await admin.end()
  }
}

/** `select count(*) from events` on a database URL. */
export async function countEventRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from events')
    return Number(rows[0]?.n ?? 0)
  } finally {
    await client.end()
  }
}
