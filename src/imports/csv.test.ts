import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseCsvText, readCsv } from './csv.js'
import { dataTest } from './test-support.js'

test('a quoted field may span lines, and each row knows the line it starts on', async () => {
  const table = await parseCsvText(
    'id,text\r\n1,"first\r\nsecond"\r\n2,plain\r\n\r\n3,"a ""quoted"" word"\r\n',
  )
  assert.deepEqual(
    table.rows.map((row) => [row.line, row.fields.id, row.fields.text]),
    [
      [2, '1', 'first\r\nsecond'],
      [4, '2', 'plain'],
      [6, '3', 'a "quoted" word'],
    ],
  )
  assert.equal(table.skipped.total, 0)
})

test('rows with the wrong number of fields and broken quoting are reported with their line, not fatal', async () => {
  const table = await parseCsvText('a,b\n1,2\n3\n4,5,6\n7,8\n"open,9\n')
  assert.deepEqual(
    table.rows.map((row) => row.fields.a),
    ['1', '7'],
  )
  const reasons = table.skipped.list().map((entry) => `${entry.reason} @${entry.lines.join(',')}`)
  assert.deepEqual(reasons.sort(), [
    'CSV syntax error (CSV_QUOTE_NOT_CLOSED) @6',
    'row has 1 fields, the header has 2 @3',
    'row has 3 fields, the header has 2 @4',
  ])
})

test('a byte order mark does not become part of the first column name', async () => {
  const table = await parseCsvText('\uFEFForder_id,x\n1,2\n')
  assert.deepEqual(table.header, ['order_id', 'x'])
})

dataTest('the raw Olist reviews keep their multi-line Portuguese text', 'olist_raw_head', async (folder) => {
  const table = await readCsv(`${folder}/olist_order_reviews_dataset.csv`)
  assert.equal(table.skipped.total, 0)
  assert.equal(table.rows.length, 6123)
  const review = table.rows.find((row) => row.fields.review_id === '4b49719c8a200003f700d3d986ea1a19')
  assert.equal(review?.line, 14)
  assert.equal(review?.fields.review_comment_message, 'Mas um pouco ,travando...pelo valor ta Boa.\r\n')
  assert.equal(review?.fields.review_creation_date, '2018-02-16 00:00:00')
  assert.ok(table.rows.filter((row) => row.fields.review_comment_message?.includes('\n')).length > 100)
})
