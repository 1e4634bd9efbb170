import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { ERRORS } from './index.js'

/** The error reference a client reads: docs/errors.md, one table row per code. */
const reference = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')
const documented = new Map(
  [...reference.matchAll(/^\| `(REEL_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((row) => [row[1], Number(row[2])]),
)

test('every registered error code is documented in docs/errors.md with its status', () => {
  const missing = Object.keys(ERRORS).filter((code) => !documented.has(code))
  assert.deepEqual(missing, [], 'codes without a row in docs/errors.md')
  for (const [code, spec] of Object.entries(ERRORS))
    assert.equal(documented.get(code), spec.status, `${code}'s status in docs/errors.md`)
})

test('docs/errors.md documents no code that is not registered', () => {
  const registered = new Set(Object.keys(ERRORS))
  assert.deepEqual(
    [...documented.keys()].filter((code) => code !== undefined && !registered.has(code)),
    [],
  )
})
