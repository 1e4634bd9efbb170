import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BasketsFileError, parseBasketsFile } from './baskets-file.js'

test('a benchmark file becomes users’ baskets in order, items as strings, repeats in a basket once', () => {
  const users = parseBasketsFile('{"7": [[1, 2, 2], ["a"]], "8": [[3], [4], [5]]}')
  assert.deepEqual(
    [...users],
    [
      ['7', [['1', '2'], ['a']]],
      ['8', [['3'], ['4'], ['5']]],
    ],
  )
})

test('a file that is not the benchmark format is refused naming its first bad entry', () => {
  const refused = (text: string, message: RegExp) =>
    assert.throws(
      () => parseBasketsFile(text),
      (e: unknown) => e instanceof BasketsFileError && message.test(e.message),
    )
  refused('{"a": [[1], [2', /not JSON/)
  refused('[[1], [2]]', /expected an object/)
  refused('{}', /no users/)
  refused('{"u1": [[1], [2]], "u2": 5}', /user "u2": expected a list of baskets, found number 5/)
  refused('{"u1": [[1]]}', /user "u1": 1 basket\(s\), at least 2/)
  refused('{"u1": [[1], []]}', /user "u1", basket 1: expected a non-empty list/)
  refused('{"u1": [[1], [2, 1.5]]}', /user "u1", basket 1, item 1: expected an item id, found number 1.5/)
  refused('{"u1": [[1], [2, null]]}', /basket 1, item 1: expected an item id, found null/)
})
