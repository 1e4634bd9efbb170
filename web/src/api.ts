/**
 * The admin API as the dashboard uses it: the session cookie goes with every call (same origin), and the
 * CSRF token the session gave goes in `X-CSRF-Token` on every state-changing call. Types mirror the routes'
 * response schemas in src/http (the OpenAPI document at /api/openapi.json).
 */

export type Role = 'admin' | 'marketer' | 'viewer'
export interface Session {
  user: { email: string; role: Role }
  csrfToken: string
}

export interface Money {
  currency: string | null
  amount: number
}

/** The shop as the environment sets it (GET /api/v1/shop). */
export interface Shop {
  name: string
  timeZone: string
  currency: string | null
}

export interface Stats {
  events: number
  quarantined: number
  customers: number
  members: number
  orders: number
  carts: number
  products: number
}

export interface RadarKindSummary {
  kind: string
  open: number
  contacted: number
  wonBack: number
  lapsed: number
  valueAtStake: Money[]
  wonBackRate: number | null
  trend: { week: string; raised: number; wonBack: number; valueAtStake: Money[] }[]
}
export interface RadarSummary {
  asOf: string
  wonBackDays: number
  kinds: RadarKindSummary[]
}

export const SIGNAL_STATES = ['open', 'contacted', 'won_back', 'lapsed'] as const
export type SignalState = (typeof SIGNAL_STATES)[number]
export interface Signal {
  id: number
  kind: string
  customerId: string
  at: string
  valueAtStake: number
  currency: string | null
  state: SignalState
  contactedAt: string | null
  wonAt: string | null
}
export interface SignalPage {
  signals: Signal[]
  next: string | null
}

interface Interval {
  lower: number
  upper: number
}
interface Summed {
  estimate: number
  fixed: Interval
  missing: number
}
export interface CampaignsReport {
  asOf: string
  currency: string | null
  campaigns: {
    campaignId: string
    name: string
    state: string
    trigger: string
    report: {
      overall: {
        analysis: { money: { incrementalProfit: { estimate: number; interval: Interval } | null } }
        verdict: { kind: string; text: string }
      }
    }
  }[]
  totals: { campaigns: number; incrementalProfit: Summed | null; discountCost: number; messageCost: number }
}

export interface GiftFigures {
  total: { giftsSent: number; claimed: number; signUps: number; kFactor: number | null; revenue: Money[] }
}

/** An answer of the API other than 2xx, with its stable code and the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; problem: string }[] = [],
  ) {
    super(message)
  }
}

let csrfToken: string | null = null

/** One call of the admin API (`path` under /api/v1); a non-2xx answer throws an ApiError. */
export async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? null : JSON.stringify(body),
  })
  if (response.status === 204) return undefined as T
  const text = await response.text()
  let parsed: unknown = null
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    // Not JSON (a proxy's error page): reported below with the status.
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error
    throw new ApiError(
      response.status,
      error?.code ?? 'REEL_ERR_HTTP',
      error?.message ?? `${response.status} ${response.statusText}`,
      Array.isArray(error?.details) ? (error.details as { field: string; problem: string }[]) : [],
    )
  }
  return parsed as T
}

/** A query string of the defined, non-empty parameters (`?a=1&b=2`, or nothing). */
export function query(params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter(
    (e): e is [string, string] => e[1] !== undefined && e[1] !== '',
  )
  return defined.length ? `?${new URLSearchParams(defined)}` : ''
}

function remember(session: Session): Session {
  csrfToken = session.csrfToken
  return session
}

export const api = {
  /** The current session, or null when signed out (401). */
  async session(): Promise<Session | null> {
    try {
      return remember(await call<Session>('GET', '/session'))
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null
      throw error
    }
  },
  async signIn(email: string, password: string): Promise<Session> {
    return remember(await call<Session>('POST', '/session', { email, password }))
  },
  async signOut(): Promise<void> {
    await call<void>('DELETE', '/session')
    csrfToken = null
  },
  shop: () => call<Shop>('GET', '/shop'),
  stats: () => call<Stats>('GET', '/stats'),
  radarSummary: (weeks = 12) => call<RadarSummary>('GET', `/radar/summary${query({ weeks: String(weeks) })}`),
  signals: (filter: { kind?: string; state?: string; since?: string; cursor?: string; limit?: number }) =>
    call<SignalPage>(
      'GET',
      `/signals${query({ ...filter, limit: filter.limit === undefined ? undefined : String(filter.limit) })}`,
    ),
  campaignsReport: (locale: string) => call<CampaignsReport>('GET', `/campaigns/report${query({ locale })}`),
  giftFigures: () => call<GiftFigures>('GET', '/gifts/figures'),
}
