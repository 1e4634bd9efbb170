import type { ChannelName, OutgoingMessage } from './message.js'

/** The customer id of test messages: they are about no customer, and record no delivery event. */
export const TEST_MESSAGE_CUSTOMER = 'reel:test-message'

/** A test message to `to` on `channel`, asked for by `by` (an admin's e-mail, or "admin token"). */
export function testMessage(
  channel: ChannelName,
  to: string,
  by: string,
  key: string,
  at: Date,
): OutgoingMessage {
  const when = at.toISOString()
  return {
    idempotencyKey: key,
    channel,
    customerId: TEST_MESSAGE_CUSTOMER,
    // Transactional: no consent, no unsubscribe line, no marketing prefix: it goes to whom the admin named.
    messageType: 'order_updates',
    to,
    subject: 'Reel test message · Reel 테스트 메시지',
    text: `This is a test message from Reel, asked for by ${by} at ${when}.\n이 메시지는 ${by} 님이 ${when}에 요청한 Reel 테스트 메시지입니다.`,
    html: null,
    unsubscribeUrl: null,
    metadata: { testBy: by },
  }
}
