/** A customer's prediction in a sentence a marketer reads ("bought 4 times over 6 months, silent for 3 …"). */

export interface Explained {
  orders: number
  firstOrderOn: string
  lastOrderOn: string
  pAlive: number
  expectedOrders90d: number
}

const DAY_MS = 86_400_000
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS)

function span(days: number, locale: 'en' | 'ko'): string {
  const [n, unit] =
    days < 14
      ? [days, 'day']
      : days < 61
        ? [Math.round(days / 7), 'week']
        : days < 730
          ? [Math.round(days / 30.44), 'month']
          : [Math.round(days / 365.25), 'year']
  if (locale === 'ko') return `${n}${{ day: '일', week: '주', month: '개월', year: '년' }[unit]}`
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

const percent = (p: number) => `${Math.round(p * 100)}%`

export function explain(p: Explained, today: string, locale: 'en' | 'ko'): string {
  const silent = daysBetween(p.lastOrderOn, today)
  const expected = p.expectedOrders90d.toFixed(p.expectedOrders90d < 1 ? 2 : 1)
  if (p.orders === 1)
    return locale === 'ko'
      ? `${span(silent, 'ko')} 전 한 번 구매: 한 번의 구매로는 이탈을 알 수 없어 아직 활성으로 봅니다. 앞으로 90일 예상 주문 ${expected}건.`
      : `Bought once, ${span(silent, 'en')} ago: one order says nothing yet of leaving, so still counted active; ${expected} orders expected in the next 90 days.`
  const over = daysBetween(p.firstOrderOn, p.lastOrderOn)
  return locale === 'ko'
    ? `${span(over, 'ko')} 동안 ${p.orders}번 구매, ${span(silent, 'ko')}째 구매 없음: 아직 활성일 확률 ${percent(p.pAlive)}. 앞으로 90일 예상 주문 ${expected}건.`
    : `Bought ${p.orders} times over ${span(over, 'en')}, silent for ${span(silent, 'en')}: ${percent(p.pAlive)} likely still active; ${expected} orders expected in the next 90 days.`
}
