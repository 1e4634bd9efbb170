import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { call } from '../api'
import { useLocale } from '../i18n'
import { useSession } from '../session'

interface WriteKeys {
  writeKeys: { key: string; name: string; revokedAt: string | null }[]
}

/** The first event a shop can send, as a shell line: the write key as Basic auth, as Segment's clients do. */
export function firstEventCurl(origin: string, writeKey: string): string {
  const event = JSON.stringify({
    userId: 'first-customer',
    event: 'Product Viewed',
    messageId: 'first-event-1',
    properties: { product_id: 'sku-1', price: 10000, currency: 'KRW' },
  })
  return `curl -X POST ${origin}/v1/track -u '${writeKey}:' -H 'content-type: application/json' -d '${event}'`
}

/** What a new shop with no events does first: a demo shop, or its first real event with its write key. */
export function FirstSteps() {
  const { t } = useLocale()
  // Write keys are an admin's to see (one lets anyone send events as the shop).
  const admin = useSession().can('admin')
  const keys = useQuery({
    queryKey: ['write-keys'],
    queryFn: () => call<WriteKeys>('GET', '/write-keys'),
    enabled: admin,
  })
  const [copied, setCopied] = useState(false)
  const key = keys.data?.writeKeys.find((k) => k.revokedAt === null)
  const line = key ? firstEventCurl(location.origin, key.key) : null
  const copy = async () => {
    if (!line) return
    await navigator.clipboard.writeText(line)
    setCopied(true)
  }
  return (
    <div className="notice first-steps">
      <p>{t.emptyDemo}</p>
      <pre>
        <code>reel demo</code>
      </pre>
      {line ? (
        <>
          <p>
            {t.emptySend} (<code>{key?.name}</code>)
          </p>
          <pre>
            <code>{line}</code>
          </pre>
          <button type="button" onClick={copy}>
            {t.copy}
          </button>{' '}
          <span role="status">{copied ? t.copied : ''}</span>
        </>
      ) : (
        <p>{admin ? t.emptyNoKey : t.emptyAskAdmin}</p>
      )}
    </div>
  )
}
