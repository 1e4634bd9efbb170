/**
 * New PGlite data folders. PGlite's initdb peaks at about 550 MB (a second PostgreSQL instance, and a copy of
 * its whole 128 MB heap): more than an embedded Reel is meant to take. So `npm run build` (which `npm install`
 * and `npm start` run) makes one data folder, the template, and a new data folder is a copy of it. Without a
 * template (or one of another PGlite version) initdb runs, in a thread of its own (pglite-init.ts).
 */
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ready, startWorker } from './worker.js'

/** Beside the compiled code (`dist/`), from the sources and from the build alike. */
const TEMPLATE = fileURLToPath(new URL('../../dist/pgdata-template', import.meta.url))
const STAMP = 'reel-template.json'

/** The installed PGlite's version: a template made by another one may not open. */
function pgliteVersion(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'))
  const manifest = join(entry, '..', '..', 'package.json')
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
}

function templateIsCurrent(template: string): boolean {
  try {
    const stamp = JSON.parse(readFileSync(join(template, STAMP), 'utf8')) as { pglite?: string }
    return stamp.pglite === pgliteVersion() && existsSync(join(template, 'PG_VERSION'))
  } catch {
    return false
  }
}

/** Runs initdb into `dir` in a thread that ends with it, so its memory goes too. */
async function initdb(dir: string): Promise<void> {
  const worker = startWorker('pglite-init', { pgdataDir: dir })
  try {
    await ready(worker, 'the creation of its data folder')
  } finally {
    await worker.terminate()
  }
}

/** Makes the template unless a current one is there (`npm run build`). */
export async function buildTemplate(template = TEMPLATE): Promise<'made' | 'current'> {
  if (templateIsCurrent(template)) return 'current'
  await createComplete(template, initdb)
  writeFileSync(join(template, STAMP), JSON.stringify({ pglite: pgliteVersion() }))
  return 'made'
}

/** Creates the PGlite data folder `pgdataDir`: a copy of the template, else by initdb. */
export async function createDataDir(pgdataDir: string, template = TEMPLATE): Promise<void> {
  await createComplete(pgdataDir, async (dir) => {
    if (templateIsCurrent(template))
      cpSync(template, dir, { recursive: true, filter: (path) => !path.endsWith(STAMP) })
    else await initdb(dir)
  })
}

/** A folder is complete once renamed into place: a start killed half-way leaves no half-made database. */
async function createComplete(target: string, make: (dir: string) => Promise<void>): Promise<void> {
  const partial = `${target}.partial`
  rmSync(partial, { recursive: true, force: true })
  await make(partial)
  // What is there without PG_VERSION (the only case this runs for) is no database: a start killed mid-initdb.
  rmSync(target, { recursive: true, force: true })
  renameSync(partial, target)
}
