import type { Reel } from '../app.js'

/**
 * Tells the operator the secrets this start of Reel created (on stderr, so a command's output stays clean).
 * Whatever starts Reel calls it, so no first command, and no first start that fails, leaves them unseen.
 */
export function announceSecrets(
  generated: Reel['generated'],
  write: (text: string) => void = (text) => process.stderr.write(text),
): void {
  const lines = [
    generated.writeKey &&
      `  write key for ingestion: ${generated.writeKey}   (reel keys list shows it again)`,
    generated.adminToken && `  admin API token:         ${generated.adminToken}   (reel admin-token show)`,
  ].filter(Boolean)
  if (lines.length > 0) write(`\nReel created these secrets for its database:\n${lines.join('\n')}\n\n`)
}
