import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Provider } from './provider.js'

export interface LogChannelOptions {
  /** Reel's data folder: messages go to `<dataDir>/messages/YYYY-MM-DD.jsonl`. */
  dataDir: string
  clock: () => Date
}

/** Writes each message as a JSON line, so a new user sees what Reel would send without a provider. */
export function logChannel(options: LogChannelOptions): Provider {
  const folder = join(options.dataDir, 'messages')
  return {
    name: 'log',
    async send(message) {
      const line = `${JSON.stringify({ at: options.clock().toISOString(), ...message })}\n`
      return {
        providerMessageId: null,
        // Written right after its finish-journal line, synchronously, like the end of an e-mail's DATA.
        async finish() {
          mkdirSync(folder, { recursive: true })
          appendFileSync(join(folder, `${options.clock().toISOString().slice(0, 10)}.jsonl`), line)
          return { providerMessageId: null }
        },
        abandon() {},
      }
    },
    close: async () => {},
  }
}
