import type { ChannelName, OutgoingMessage } from './message.js'

/** A message as a provider receives it: the outbox row's content, its outbox id and which try this is. */
export interface DueMessage extends OutgoingMessage {
  outboxId: string
  attempt: number
  /** How many times the message was put back by hand after dying (0: never): each starts a round of tries. */
  retries: number
}

/**
 * A message handed over up to its last, irreversible step. The outbox marks the row sent (uncommitted),
 * journals it, then calls `finish`, synchronously, then commits (see README, crash safety).
 */
export interface HeldDelivery {
  /** The id the provider knows the message by, when known before the end (SMTP: our Message-ID). */
  providerMessageId: string | null
  /** Takes the last step (SMTP: ends the DATA); resolves with the provider's answer or rejects. */
  finish(): Promise<{ providerMessageId: string | null }>
  /** The row was not committed as ours: drop the message without its last step. */
  abandon(): void
}

/** One channel's provider: `factory(options) → { name, send }`. */
export interface Provider {
  name: ChannelName
  /** Sends the message up to its last step. Rejects with a SendError when it cannot. */
  send(message: DueMessage): Promise<HeldDelivery>
  /** Closes idle connections. */
  close(): Promise<void>
}

/** A failed send; `permanent` failures (a refused address, a 4xx) are not retried. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message)
    this.name = 'SendError'
  }
}

/** A delivery with nothing held back (HTTP providers: the request is the whole send). */
export function alreadyDelivered(providerMessageId: string | null): HeldDelivery {
  return {
    providerMessageId,
    finish: async () => ({ providerMessageId }),
    abandon() {},
  }
}
