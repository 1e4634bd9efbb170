import { SendError } from './provider.js'

/** One POST to a provider; the HTTP channels (sms, messenger, webhook) share it. */
export interface ProviderRequest {
  url: string
  body: string
  contentType: 'application/json' | 'application/x-www-form-urlencoded'
  headers?: Record<string, string>
  /** Sent as Bearer; user:password in the URL are sent as Basic auth instead. */
  token?: string | null
  idempotencyKey: string
  timeoutMs: number
}

/** Posts and returns the provider's message id when its answer names one (`sid`, `id`, `message_id`). */
export async function postToProvider(request: ProviderRequest): Promise<string | null> {
  const url = new URL(request.url)
  const headers: Record<string, string> = {
    'content-type': request.contentType,
    // Providers that honour it drop a resend after a crash between their answer and our commit.
    'idempotency-key': request.idempotencyKey,
    ...request.headers,
  }
  if (url.username) {
    const user = decodeURIComponent(url.username)
    const password = decodeURIComponent(url.password)
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
    url.username = ''
    url.password = ''
  } else if (request.token) headers.authorization = `Bearer ${request.token}`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    })
  } catch (error) {
    throw new SendError(`${url.host}: ${(error as Error).message}`, false)
  }
  const answer = await response.text().catch(() => '')
  if (!response.ok) {
    // A 4xx says the request itself is wrong (a bad number, bad credentials): trying again will not help,
    // except for a timeout or rate limit.
    const permanent = response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status)
    throw new SendError(`${url.host} answered ${response.status}: ${answer.slice(0, 200)}`, permanent)
  }
  return providerIdIn(answer)
}

function providerIdIn(answer: string): string | null {
  try {
    const body = JSON.parse(answer) as Record<string, unknown>
    const id = body.sid ?? body.id ?? body.message_id ?? body.messageId
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null
  } catch {
    return null
  }
}
