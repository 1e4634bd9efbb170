/** Routes that read the log itself (their `after` is a page cursor): what is acknowledged is there. */
const READS_THE_LOG = /^\/api\/v1\/(events|quarantine)\b/

/**
 * Read-your-writes as a client of the HTTP API does it: remember the `position` the last tracking call
 * answered with, and pass it as `?after=` to the admin API's reads of projected state.
 */
export function readAfterWrites() {
  let position: string | null = null
  return {
    /** Notes the position of a tracking API answer; returns the answer. */
    saw<T extends { statusCode: number; json(): unknown }>(answer: T): T {
      const body = answer.statusCode === 200 ? (answer.json() as { position?: unknown }) : undefined
      if (typeof body?.position === 'string') position = body.position
      return answer
    },
    /** The admin URL, reading after the last position seen. */
    url(url: string): string {
      if (position === null || READS_THE_LOG.test(url)) return url
      return `${url}${url.includes('?') ? '&' : '?'}after=${position}`
    },
  }
}
