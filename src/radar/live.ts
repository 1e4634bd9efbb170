import type { AnyDb } from '../db/index.js'
import { customerHistories, isAnonymousCustomer, type Projection, type StoredEvent } from '../events/index.js'
import { runCustomerPass } from './customer-pass.js'
import { RADAR_PROJECTION } from './history-projection.js'
import type { RadarSettings } from './settings.js'
import { clearRuns, flagForReplay, lockRuns } from './store.js'
import { writePass } from './write-pass.js'

/**
 * The live radar: runs inside the ingesting transaction, so a signal an event raises is stored with the
 * event and visible as soon as the batch is acknowledged. Anonymous visitors are nobody's customer yet:
 * nothing is kept for them; when identify or alias ties them to a member, the member is replayed.
 * Not part of `reel rebuild`'s projections: the radar rebuilds per customer in time order (recompute).
 */
export function radarProjection(settings: RadarSettings): Projection {
  return {
    name: 'radar',
    async apply(tx: AnyDb, events: StoredEvent[]) {
      const newEvents = new Map<string, StoredEvent[]>()
      for (const e of events) {
        if (isAnonymousCustomer(e.customerId)) continue
        const list = newEvents.get(e.customerId)
        if (list) list.push(e)
        else newEvents.set(e.customerId, [e])
      }
      if (newEvents.size === 0) return
      const locked = await lockRuns(tx, [...newEvents.keys()])
      const pass = await runCustomerPass({
        locked,
        newEvents,
        until: null,
        histories: (ids) => customerHistories(tx, ids, RADAR_PROJECTION),
        config: settings,
      })
      await writePass(tx, pass, settings.wonBackDays)
    },
    async merge(tx, merges) {
      await flagForReplay(
        tx,
        merges.map((m) => m.to).filter((id) => !isAnonymousCustomer(id)),
      )
    },
    async reset(tx) {
      await clearRuns(tx)
    },
  }
}
