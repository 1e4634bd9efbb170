import type { ShipmentStatus } from '../shipping/index.js'
import type { Locale } from './locale.js'

/** What the tracking pages say. `{name}` marks a value put in by `fill`. */
interface TrackingStrings {
  title: string
  orderNumber: string
  status: Record<ShipmentStatus, string>
  headline: Record<ShipmentStatus, string>
  carrier: string
  trackingNumber: string
  expected: string
  latest: string
  expectedUnknown: string
  parcel: string
  timeline: string
  items: string
  quantity: string
  forYourOrder: string
  help: string
  chat: string
  helpCentre: string
  board: string
  updatesTitle: string
  updatesNow: string
  channel: Record<'email' | 'sms' | 'messenger' | 'none', string>
  save: string
  saved: string
  findTitle: string
  findText: string
  email: string
  find: string
  byTracking: string
  trackingOnly: string
  notFound: string
  nothingYet: string
  tooMany: string
}

const STATUS_EN: Record<ShipmentStatus, string> = {
  pending: 'Order received',
  info_received: 'Label created',
  in_transit: 'On its way',
  out_for_delivery: 'Out for delivery',
  attempt_fail: 'Delivery attempt failed',
  available_for_pickup: 'Ready to collect',
  exception: 'Delivery problem',
  delivered: 'Delivered',
  expired: 'No longer tracked',
  return_requested: 'Return requested',
  return_in_transit: 'Return on its way',
  return_received: 'Return received',
  refunded: 'Refunded',
}

const STATUS_KO: Record<ShipmentStatus, string> = {
  pending: '주문 접수',
  info_received: '송장 등록',
  in_transit: '배송 중',
  out_for_delivery: '배송 출발',
  attempt_fail: '배송 실패',
  available_for_pickup: '수령 대기',
  exception: '배송 문제',
  delivered: '배송 완료',
  expired: '조회 종료',
  return_requested: '반품 요청',
  return_in_transit: '반품 배송 중',
  return_received: '반품 도착',
  refunded: '환불 완료',
}

const EN: TrackingStrings = {
  title: 'Your order {order}',
  orderNumber: 'Order {order}',
  status: STATUS_EN,
  headline: {
    ...STATUS_EN,
    in_transit: 'Your order is on its way',
    out_for_delivery: 'Arriving today',
    delivered: 'Your order has arrived',
    exception: 'There is a problem with the delivery; we are on it',
  },
  carrier: 'Carrier',
  trackingNumber: 'Tracking number',
  expected: 'Expected {range}',
  latest: 'at the latest {date}',
  expectedUnknown: 'We will tell you when it is expected as soon as the carrier has it.',
  parcel: 'Parcel {n}',
  timeline: 'Where it has been',
  items: 'In this order',
  quantity: '× {n}',
  forYourOrder: 'For what you bought',
  help: 'Need help?',
  chat: 'Chat with an expert',
  helpCentre: 'Help centre',
  board: 'Goes well with your order',
  updatesTitle: 'How we tell you about this order',
  updatesNow: 'Order updates go by: {channel}',
  channel: {
    email: 'E-mail',
    sms: 'Text message (SMS)',
    messenger: 'Messenger (KakaoTalk)',
    none: 'Do not send me order updates',
  },
  save: 'Save',
  saved: 'Saved: order updates now go by {channel}.',
  findTitle: 'Track your order',
  findText: 'Enter your order number and the e-mail address you ordered with.',
  email: 'E-mail address',
  find: 'Track',
  byTracking: 'Or a carrier tracking number (its status only)',
  trackingOnly: 'Tracking number {number}',
  notFound: 'We could not find an order with that number and e-mail address.',
  nothingYet: 'No carrier has scanned this parcel yet.',
  tooMany: 'Too many tries; please wait a minute and try again.',
}

const KO: TrackingStrings = {
  title: '주문 {order}',
  orderNumber: '주문번호 {order}',
  status: STATUS_KO,
  headline: {
    ...STATUS_KO,
    in_transit: '주문하신 상품이 오고 있어요',
    out_for_delivery: '오늘 도착해요',
    delivered: '주문하신 상품이 도착했어요',
    exception: '배송에 문제가 생겨 확인 중이에요',
  },
  carrier: '택배사',
  trackingNumber: '송장번호',
  expected: '도착 예정 {range}',
  latest: '늦어도 {date}',
  expectedUnknown: '택배사에서 정보를 받는 대로 도착 예정일을 알려 드릴게요.',
  parcel: '{n}번 상자',
  timeline: '배송 경로',
  items: '주문 상품',
  quantity: '{n}개',
  forYourOrder: '구매하신 상품 안내',
  help: '도움이 필요하신가요?',
  chat: '전문가 상담',
  helpCentre: '고객센터',
  board: '함께 쓰면 좋은 상품',
  updatesTitle: '이 주문의 알림 받는 방법',
  updatesNow: '지금은 {channel}(으)로 알려 드려요',
  channel: { email: '이메일', sms: '문자(SMS)', messenger: '메신저(카카오톡)', none: '주문 알림 받지 않기' },
  save: '저장',
  saved: '저장했어요. 이제 {channel}(으)로 알려 드려요.',
  findTitle: '주문 배송 조회',
  findText: '주문번호와 주문하신 이메일 주소를 입력해 주세요.',
  email: '이메일 주소',
  find: '조회',
  byTracking: '또는 송장번호로 조회 (배송 상태만)',
  trackingOnly: '송장번호 {number}',
  notFound: '이 주문번호와 이메일 주소로 된 주문을 찾지 못했어요.',
  nothingYet: '아직 택배사 스캔 정보가 없어요.',
  tooMany: '시도가 너무 많아요. 1분 뒤에 다시 해 주세요.',
}

export const trackingStrings = (locale: Locale): TrackingStrings => (locale === 'ko' ? KO : EN)
export type { TrackingStrings }
