/**
 * The URL of the next page from a response's `Link` header, or null on the last page. Shopify writes
 * `<https://shop/admin/api/V/orders.json?limit=250&page_info=X>; rel="next"`, with a `rel="previous"` link
 * beside it after the first page; a page without a next one has no next link (or no header at all).
 */
export function nextPageUrl(link: string | null | undefined): string | null {
  if (!link) return null
  // Each link is `<url>; param; param`; URLs never hold `<`, `>` or a bare comma, so this split is safe.
  for (const match of link.matchAll(/<([^>]*)>([^,]*)/g)) {
    const [, url = '', params = ''] = match
    const rels = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(params)?.[1]?.toLowerCase().split(/\s+/) ?? []
    if (rels.includes('next')) return url
  }
  return null
}
