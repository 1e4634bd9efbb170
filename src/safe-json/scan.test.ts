import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findUnstorable, repairUnstorable, textProblem } from './index.js'

const HIGH = String.fromCharCode(0xd83d) // the first half of 😀, alone
const LOW = String.fromCharCode(0xde00)

test('NUL and lone surrogates are found; a whole emoji and ordinary text are fine', () => {
  assert.equal(textProblem('A\u0000B'), 'contains a NUL character')
  assert.equal(textProblem(`shirt ${HIGH}`), 'contains a lone UTF-16 surrogate')
  assert.equal(textProblem(`${LOW}shirt`), 'contains a lone UTF-16 surrogate')
  assert.equal(textProblem(`${LOW}${HIGH}`), 'contains a lone UTF-16 surrogate')
  assert.equal(textProblem('shirt 😀 린넨 \uFFFD'), undefined)
})

test('the first unstorable string or key is named by its dotted path', () => {
  assert.deepEqual(findUnstorable({ a: [{ b: 'ok' }, { c: 'x\u0000' }] }, 'body'), {
    field: 'body.a.1.c',
    problem: 'contains a NUL character',
  })
  assert.deepEqual(findUnstorable({ [`k${HIGH}`]: 1 }, 'querystring'), {
    field: 'querystring.k\uFFFD',
    problem: 'the key contains a lone UTF-16 surrogate',
  })
  assert.deepEqual(findUnstorable('a\u0000', 'params.id'), {
    field: 'params.id',
    problem: 'contains a NUL character',
  })
  assert.equal(findUnstorable({ a: [1, null, true, 'fine', { b: '😀' }] }, 'body'), undefined)
})

test('nesting past 64 levels is found without walking (or overflowing) the rest', () => {
  const deep = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)
  assert.deepEqual(findUnstorable({ d: deep }, 'body'), {
    field: `body.d${'.0'.repeat(63)}`,
    problem: 'nested deeper than 64 levels',
  })
  assert.equal(findUnstorable(JSON.parse(`${'['.repeat(64)}${']'.repeat(64)}`)), undefined)
})

test('a repair replaces every NUL and lone surrogate with U+FFFD, in values and keys, and lists each', () => {
  const raw = JSON.parse(
    '{"event":"A\\u0000B\\u0000","properties":{"name":"Shirt \\ud83d","ok":"😀","bad\\u0000key":[1,"\\udc00"]},"__proto__":"x"}',
  )
  const { value, repairs, tooDeep } = repairUnstorable(raw)
  assert.deepEqual(value, {
    event: 'A\uFFFDB\uFFFD',
    properties: { name: 'Shirt \uFFFD', ok: '😀', 'bad\uFFFDkey': [1, '\uFFFD'] },
    ['__proto__']: 'x',
  })
  assert.equal(Object.getPrototypeOf(value), Object.prototype, 'a "__proto__" key stays a key')
  assert.deepEqual(repairs, [
    { field: 'event', problem: 'contains a NUL character' },
    { field: 'properties.name', problem: 'contains a lone UTF-16 surrogate' },
    { field: 'properties.bad\uFFFDkey', problem: 'the key contains a NUL character' },
    { field: 'properties.bad\uFFFDkey.1', problem: 'contains a lone UTF-16 surrogate' },
  ])
  assert.equal(tooDeep, undefined)
  assert.equal(findUnstorable(value), undefined, 'what a repair gives is storable')
})

test('a repair cuts off what nests too deep and says where', () => {
  const { value, tooDeep } = repairUnstorable({ d: JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`) })
  assert.deepEqual(tooDeep, { field: `d${'.0'.repeat(63)}`, problem: 'nested deeper than 64 levels' })
  assert.doesNotThrow(() => JSON.stringify(value))
  assert.equal(findUnstorable(value), undefined)
})
