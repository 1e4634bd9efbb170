import { useFormat } from '../../format'
import { useLocale, useStrings } from '../../i18n'
import type { Estimate, Trigger } from './api'
import { strings } from './strings'

export type Unit = 'points' | 'money' | 'count'

/** How a figure of the report reads: a rate difference in percentage points, money, or a count. */
export function useUnitFormat() {
  const f = useFormat()
  const s = useStrings(strings)
  return (n: number, unit: Unit, currency: string | null = null) => {
    if (unit === 'money') return f.money({ currency, amount: Math.round(n) })
    if (unit === 'count') return f.number(n, 1)
    return s.points(f.number(n * 100, 1))
  }
}

/** An estimate with the interval the report leads with: "+2.1 points (−0.4 to +4.6)", or a dash. */
export function EstimateText({
  value,
  unit,
  currency = null,
}: {
  value: Estimate | null | undefined
  unit: Unit
  currency?: string | null
}) {
  const s = useStrings(strings)
  const format = useUnitFormat()
  if (!value) return <>—</>
  const signed = (n: number) => `${n > 0 ? '+' : ''}${format(n, unit, currency)}`
  return (
    <span className="estimate">
      {signed(value.estimate)}{' '}
      <span className="interval">
        {s.interval(signed(value.interval.lower), signed(value.interval.upper))}
      </span>
    </span>
  )
}

/** A trigger in the reader's words: the signal's kind, the event's name, the segment's schedule. */
export function useTriggerText() {
  const { t } = useLocale()
  const s = useStrings(strings)
  return (trigger: Trigger) => {
    if (trigger.type === 'signal') return s.signalTrigger(t.kinds[trigger.kind] ?? trigger.kind)
    if (trigger.type === 'event') return s.eventTrigger(trigger.event, trigger.where.length)
    return s.segmentTrigger(trigger.rules.length, trigger.everyHours ?? 24)
  }
}
