import type { StoredEvent } from '../../events/index.js'
import { DAY, HOUR, MINUTE } from './types.js'

/** Test support: events of one customer at offsets from a fixed start. */
export const START = Date.parse('2026-01-01T00:00:00.000Z')
export { DAY, HOUR, MINUTE }

const CALLS = new Set(['page', 'screen', 'identify', 'alias', 'group'])
let seq = 0

export interface EventOptions {
  customerId?: string
  userId?: string | null
  anonymousId?: string | null
  messageId?: string
}

/** An event `offset` ms after START; track events by name, 'page'/'identify'/... as calls. */
export function ev(
  offset: number,
  name: string,
  properties: Record<string, unknown> = {},
  options: EventOptions = {},
): StoredEvent {
  seq += 1
  const call = CALLS.has(name)
  return {
    seq,
    messageId: options.messageId ?? `m-${seq}`,
    customerId: options.customerId ?? 'member-1',
    userId: options.userId === undefined ? 'member-1' : options.userId,
    anonymousId: options.anonymousId ?? null,
    type: call ? name : 'track',
    event: call ? null : name,
    name: null,
    occurredAt: new Date(START + offset),
    properties,
    traits: {},
  }
}

export const at = (offset: number): string => new Date(START + offset).toISOString()
