import type { Channel, OutboxState } from './api'

const en = {
  channelsHeading: 'Channels',
  channel: 'Channel',
  provider: 'Provider',
  configured: 'Configured',
  notConfigured: (setting: string) => `Not configured: set ${setting} and restart Reel`,
  waiting: 'Waiting for a provider',
  channelNames: {
    email: 'E-mail',
    sms: 'SMS',
    messenger: 'Messenger',
    webhook: 'Webhook',
    log: 'Log (a file)',
  } satisfies Record<Channel, string>,
  states: {
    pending: 'Pending',
    sending: 'Sending',
    sent: 'Sent',
    failed: 'Failed (tried again later)',
    dead: 'Dead (no more tries)',
  } satisfies Record<OutboxState, string>,
  testHeading: 'Send a test message',
  testIntro:
    "A test message goes through the channel's real provider, by the outbox, to the address you give. It is about no customer.",
  testTo: (channel: string) => `${channel}: send to`,
  testPlaceholder: {
    email: 'you@shop.example',
    sms: '+82 10 0000 0000',
    messenger: 'recipient id',
    webhook: 'anything',
    log: 'anything',
  } satisfies Record<Channel, string>,
  send: 'Send test',
  sendingTest: 'Sending…',
  testOutcome: (id: string, state: OutboxState, error: string | null) =>
    state === 'sent'
      ? `Sent: the provider accepted message ${id}.`
      : state === 'failed'
        ? `Not sent: the provider refused message ${id} for now (${error}); the outbox tries again.`
        : state === 'dead'
          ? `Not sent: the provider refused message ${id} (${error}); no more tries.`
          : `Not tried yet: message ${id} waits in the outbox.`,
  messagesHeading: 'Messages',
  allStates: 'All states',
  allChannels: 'All channels',
  created: 'Created',
  customer: 'Customer',
  message: 'Message',
  testMessage: 'Test message',
  campaign: 'Campaign',
  state: 'State',
  attempts: 'Tries',
  lastError: 'Last error',
  action: 'Action',
  retry: 'Retry',
  retryLabel: (id: string) => `Retry message ${id}`,
  retried: (id: string, retried: boolean) =>
    retried
      ? `Message ${id} is pending again: the outbox tries it shortly.`
      : `Message ${id} was already pending.`,
  refused: (message: string) => `Refused: ${message}`,
  noMessages: 'No messages in this view.',
}

export const strings: { en: typeof en; ko: typeof en } = {
  en,
  ko: {
    channelsHeading: '채널',
    channel: '채널',
    provider: '제공자',
    configured: '설정됨',
    notConfigured: (setting) => `설정 안 됨: ${setting}을(를) 설정하고 Reel을 다시 시작하세요`,
    waiting: '제공자를 기다리는 메시지',
    channelNames: {
      email: '이메일',
      sms: '문자(SMS)',
      messenger: '메신저',
      webhook: '웹훅',
      log: '로그 (파일)',
    },
    states: {
      pending: '대기',
      sending: '보내는 중',
      sent: '보냄',
      failed: '실패 (나중에 다시 시도)',
      dead: '포기 (더 시도하지 않음)',
    },
    testHeading: '테스트 메시지 보내기',
    testIntro:
      '테스트 메시지는 채널의 실제 제공자를 통해, 아웃박스를 거쳐, 입력한 주소로 갑니다. 어떤 고객과도 관련이 없습니다.',
    testTo: (channel) => `${channel}: 받는 곳`,
    testPlaceholder: {
      email: 'you@shop.example',
      sms: '+82 10 0000 0000',
      messenger: '받는 사람 ID',
      webhook: '아무 값',
      log: '아무 값',
    },
    send: '테스트 보내기',
    sendingTest: '보내는 중…',
    testOutcome: (id, state, error) =>
      state === 'sent'
        ? `보냄: 제공자가 메시지 ${id}을(를) 받았습니다.`
        : state === 'failed'
          ? `보내지 못함: 제공자가 메시지 ${id}을(를) 지금은 거절했습니다 (${error}). 아웃박스가 다시 시도합니다.`
          : state === 'dead'
            ? `보내지 못함: 제공자가 메시지 ${id}을(를) 거절했습니다 (${error}). 더 시도하지 않습니다.`
            : `아직 시도하지 않음: 메시지 ${id}이(가) 아웃박스에서 기다립니다.`,
    messagesHeading: '메시지',
    allStates: '모든 상태',
    allChannels: '모든 채널',
    created: '만든 때',
    customer: '고객',
    message: '메시지',
    testMessage: '테스트 메시지',
    campaign: '캠페인',
    state: '상태',
    attempts: '시도',
    lastError: '마지막 오류',
    action: '작업',
    retry: '다시 시도',
    retryLabel: (id) => `메시지 ${id} 다시 시도`,
    retried: (id, retried) =>
      retried
        ? `메시지 ${id}을(를) 다시 대기열에 넣었습니다. 곧 다시 시도합니다.`
        : `메시지 ${id}은(는) 이미 대기 중이었습니다.`,
    refused: (message) => `거절됨: ${message}`,
    noMessages: '이 보기에는 메시지가 없습니다.',
  },
}
