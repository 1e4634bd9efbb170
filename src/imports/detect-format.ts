import { open, readdir, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { ImportError } from './import-error.js'
import { OLIST_FILES } from './olist-files.js'
import type { ImportFormat } from './summary.js'

const OLIST_FILE_NAMES = new Set<string>(Object.values(OLIST_FILES))

/**
 * Guesses the format of a path: a folder (or a file) with Olist's file names is Olist, a CSV whose header
 * has InvoiceNo is UCI Online Retail, any other CSV is a generic orders file.
 */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const info = await stat(path)
  if (info.isDirectory()) {
    const names = await readdir(path)
    if (names.includes(OLIST_FILES.orders)) return 'olist'
    throw new ImportError(
      `${path} is a folder without ${OLIST_FILES.orders}; give a CSV file or an Olist folder`,
    )
  }
  if (OLIST_FILE_NAMES.has(basename(path))) return 'olist'
  const header = await firstLine(path)
  const columns = header.split(/[,;\t]/).map((column) => column.trim().replace(/^"|"$/g, '').toLowerCase())
  return columns.includes('invoiceno') ? 'uci' : 'generic'
}

async function firstLine(path: string): Promise<string> {
  const file = await open(path)
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0)
    const text = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
    return text.split(/\r?\n|\r/, 1)[0] ?? ''
  } finally {
    await file.close()
  }
}
