import { createContext, type ReactNode, useContext, useMemo } from 'react'
import type { Money, Shop } from './api'
import { type Locale, useLocale } from './i18n'

/**
 * Numbers, money and dates as the dashboard shows them: in the reader's language, dates in the shop's time
 * zone (not the browser's: a Seoul shop read from Berlin shows Seoul's day), money in its own currency and
 * money sent without one in the shop's default currency.
 */
export interface Format {
  count(n: number): string
  number(n: number, fractionDigits?: number): string
  money(money: Money): string
  /** One amount per currency, joined; none is the shop's zero. */
  moneyList(amounts: Money[]): string
  percent(share: number | null): string
  date(iso: string): string
  dateTime(iso: string): string
  /** The shop's calendar day (YYYY-MM-DD) of a moment, for date inputs and grouping. */
  day(iso: string): string
  /** A calendar day the server sends as YYYY-MM-DD (already the shop's day): no time zone may shift it. */
  calendarDay(day: string): string
  shop: Shop
}

const Context = createContext<Shop | null>(null)

export function ShopProvider({ shop, children }: { shop: Shop; children: ReactNode }) {
  return <Context.Provider value={shop}>{children}</Context.Provider>
}

export function formatFor(locale: Locale, shop: Shop): Format {
  const money = ({ currency, amount }: Money) => {
    const code = currency ?? shop.currency
    return code
      ? new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(amount)
      : new Intl.NumberFormat(locale).format(amount)
  }
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: shop.timeZone })
  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: shop.timeZone,
  })
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: shop.timeZone })
  const calendarDayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
  return {
    count: (n) => n.toLocaleString(locale),
    number: (n, fractionDigits = 2) => n.toLocaleString(locale, { maximumFractionDigits: fractionDigits }),
    money,
    moneyList: (amounts) =>
      amounts.length ? amounts.map(money).join(' + ') : money({ currency: null, amount: 0 }),
    percent: (share) =>
      share === null
        ? '—'
        : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share),
    date: (iso) => dateFormat.format(new Date(iso)),
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    day: (iso) => dayFormat.format(new Date(iso)),
    calendarDay: (day) => calendarDayFormat.format(new Date(`${day}T00:00:00Z`)),
    shop,
  }
}

export function useFormat(): Format {
  const { locale } = useLocale()
  const shop = useContext(Context)
  if (!shop) throw new Error('useFormat outside ShopProvider')
  return useMemo(() => formatFor(locale, shop), [locale, shop])
}
