import type { RawMessage } from '../events/message.js'
import { DAY } from './time.js'

/** An event the demo has decided will happen, waiting for its day to be written out. */
export interface PlannedEvent {
  at: number
  /** Order of planning: breaks ties between events of the same millisecond, so sorting is stable. */
  seq: number
  message: RawMessage
}

/**
 * The shop's diary, one page per day. Visits write to today's page; follow-ups (a cancellation tomorrow,
 * a review in two weeks) write to later pages. Only the pages not yet written out are held, so memory
 * stays bounded by a few weeks of events whatever the length of the demo.
 */
export interface Agenda {
  /** Files an event; events at or after the end of the demo never happen and are dropped. */
  plan(at: number, message: RawMessage): void
  /** Takes one day's events out of the agenda, sorted by time. */
  takeDay(day: number): PlannedEvent[]
}

/** An agenda for the days from `start` (epoch ms) up to `end` (exclusive). */
export function createAgenda(start: number, end: number): Agenda {
  const pages = new Map<number, PlannedEvent[]>()
  let seq = 0
  return {
    plan(at, message) {
      if (at >= end || at < start) return
      const day = Math.floor((at - start) / DAY)
      let page = pages.get(day)
      if (!page) {
        page = []
        pages.set(day, page)
      }
      page.push({ at, seq: seq++, message })
    },
    takeDay(day) {
      const page = pages.get(day) ?? []
      pages.delete(day)
      return page.sort((a, b) => a.at - b.at || a.seq - b.seq)
    },
  }
}
