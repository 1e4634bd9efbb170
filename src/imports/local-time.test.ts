import assert from 'node:assert/strict'
import { test } from 'node:test'
import { calendarDate, parseShopTime } from './local-time.js'

test('UK shop times are GMT in winter and BST in summer', () => {
  assert.equal(parseShopTime('2011-01-10 16:16:00', 'Europe/London'), '2011-01-10T16:16:00.000Z')
  assert.equal(parseShopTime('2011-06-16 14:45:00', 'Europe/London'), '2011-06-16T13:45:00.000Z')
})

test('the UCI original spelling "12/1/10 8:26" is month first with a two-digit year', () => {
  assert.equal(parseShopTime('12/1/10 8:26', 'Europe/London'), '2010-12-01T08:26:00.000Z')
  assert.equal(parseShopTime('6/9/2011 13:05', 'Europe/London'), '2011-06-09T12:05:00.000Z')
})

test('São Paulo times follow Brazilian summer time', () => {
  assert.equal(parseShopTime('2017-11-24 19:49:07', 'America/Sao_Paulo'), '2017-11-24T21:49:07.000Z')
  assert.equal(parseShopTime('2018-07-29 13:54:51', 'America/Sao_Paulo'), '2018-07-29T16:54:51.000Z')
  // Clocks jumped from 00:00 to 01:00 on 2017-10-15: midnight did not exist and lands an hour later.
  assert.equal(parseShopTime('2017-10-15 00:00:00', 'America/Sao_Paulo'), '2017-10-15T03:00:00.000Z')
})

test('times with an offset are taken as written, whatever the shop zone', () => {
  assert.equal(parseShopTime('2024-03-01T14:05:00+01:00', 'America/Sao_Paulo'), '2024-03-01T13:05:00.000Z')
  assert.equal(parseShopTime('2024-03-01T14:05:00Z', 'Europe/London'), '2024-03-01T14:05:00.000Z')
})

test('what is not a date is refused rather than rolled over', () => {
  for (const text of ['', 'yesterday', '2011-02-30 10:00', '2011-13-01', '2011-01-01 25:00', '13/45/10 8:26'])
    assert.equal(parseShopTime(text, 'UTC'), undefined, text)
})

test('an estimated delivery is a calendar day', () => {
  assert.equal(calendarDate('2018-09-03 00:00:00'), '2018-09-03')
  assert.equal(calendarDate(''), undefined)
})

test('a time the autumn change repeats is read as the first of the two', () => {
  // 2011-10-30 01:30 happened twice in London: first in BST (00:30 UTC), then in GMT (01:30 UTC).
  assert.equal(parseShopTime('2011-10-30 01:30:00', 'Europe/London'), '2011-10-30T00:30:00.000Z')
})
