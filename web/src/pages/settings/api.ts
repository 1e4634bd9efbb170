import { call, type Role, type Shop } from '../../api'

/** Settings, write keys and users (src/http/settings-routes.ts, write-key-routes.ts, user-routes.ts). */
export interface ProviderSettings {
  channel: 'email' | 'sms' | 'messenger' | 'webhook' | 'log'
  configured: boolean
  endpoint: string | null
  format: 'json' | 'twilio' | null
  from: string | null
  signed: boolean | null
  authenticated: boolean
}

export interface Settings {
  shop: Shop
  publicUrl: string
  consent: {
    marketingConsent: 'opt_in' | 'opt_out'
    quietHours: { start: string; end: string } | null
    linkDays: number
  }
  campaigns: {
    globalHoldoutShare: number
    grossMargin: number
    messageCost: Record<string, number>
    sequential: boolean
  }
  channels: ProviderSettings[]
  sms: { marketingPrefix: string; optOutLine: string }
  outbox: { maxAttempts: number; retryBaseMs: number; retryMaxMs: number; sendTimeoutMs: number }
  http: { corsOrigins: string[]; rateLimitPerKey: number; rateLimitPerIp: number }
  sessions: { idleHours: number; maxDays: number }
}

export interface WriteKey {
  key: string
  name: string
  createdAt: string
  revokedAt: string | null
}

export interface User {
  email: string
  role: Role
  createdAt: string
}

export type ConnectorPlatform = 'shopify' | 'woocommerce'

/** A shop platform as `GET /connectors` lists it (src/http/connector-admin-routes.ts). */
export interface ConnectorListing {
  platform: ConnectorPlatform
  webhookUrl: string
  topics: string[]
  shops: { shop: string; addedAt: string }[]
  environmentSecret: boolean
  activity: {
    shop: string
    topic: string
    deliveries: number
    quarantined: number
    lastDeliveryAt: string
    lastProblem: string | null
    lastProblemAt: string | null
  }[]
}

export const settingsApi = {
  connectors: () => call<{ connectors: ConnectorListing[] }>('GET', '/connectors'),
  connectShop: (platform: ConnectorPlatform, shop: string, secret: string) =>
    call<{ platform: ConnectorPlatform; shop: string }>('POST', `/connectors/${platform}/shops`, {
      shop,
      secret,
    }),
  settings: () => call<Settings>('GET', '/settings'),
  writeKeys: () => call<{ writeKeys: WriteKey[] }>('GET', '/write-keys'),
  createWriteKey: (name: string) => call<{ key: string; name: string }>('POST', '/write-keys', { name }),
  revokeWriteKey: (key: string) =>
    call<{ revoked: true }>('POST', `/write-keys/${encodeURIComponent(key)}/revoke`),
  users: () => call<{ users: User[] }>('GET', '/users'),
  addUser: (user: { email: string; role: Role; password: string }) => call<User>('POST', '/users', user),
  removeUser: (email: string) => call<{ removed: true }>('DELETE', `/users/${encodeURIComponent(email)}`),
}
