import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react'
import type { Role } from './api'
import type { Page } from './router'

export type Locale = 'en' | 'ko'

/** Labels for values the API sends (signal kinds, states); an unknown value is shown as it came. */
type Labels = Record<string, string>

const en = {
  appName: 'Reel',
  language: 'Language',
  signInTitle: 'Sign in to Reel',
  email: 'Email',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  badCredentials: 'That email and password do not match an account.',
  mainNav: 'Main',
  skipToContent: 'Skip to content',
  overview: 'Overview',
  radar: 'Radar',
  pages: {
    overview: 'Overview',
    radar: 'Radar',
    customers: 'Customers',
    customer: 'Customer',
    campaigns: 'Campaigns',
    'campaign-new': 'New campaign',
    campaign: 'Campaign',
    coupons: 'Coupons',
    shipments: 'Shipments',
    outbox: 'Outbox',
    settings: 'Settings',
  } satisfies Record<Page, string>,
  roles: { admin: 'admin', marketer: 'marketer', viewer: 'viewer' } satisfies Record<Role, string>,
  loading: 'Loading…',
  loadFailed: 'Could not load this: ',
  atStake: 'Money at stake by kind of missed customer',
  wonBackThisMonth: 'Won back (this week and the 3 before)',
  campaignProfit: 'Incremental profit by campaign',
  gifts: 'Gifts',
  giftsSent: 'Sent',
  giftsClaimed: 'Claimed',
  signUps: 'Sign-ups through gifts',
  kFactor: 'K-factor',
  shop: 'What Reel holds',
  customers: 'Customers',
  members: 'Members',
  orders: 'Orders',
  events: 'Events',
  kind: 'Kind',
  open: 'Open',
  contacted: 'Contacted',
  wonBack: 'Won back',
  lapsed: 'Lapsed',
  valueAtStake: 'Value at stake',
  wonBackRate: 'Won-back rate',
  campaign: 'Campaign',
  state: 'State',
  profit: 'Incremental profit',
  verdict: 'Verdict',
  noCampaigns: 'No campaigns yet.',
  emptyDemo: 'Nothing here yet. To look around with a demo shop, run:',
  emptySend: 'Or send your first event with your write key',
  emptyNoKey: 'Or create a write key in Settings and send events with it (any Segment library works).',
  emptyAskAdmin:
    'Or ask an admin for a write key (Settings) and send events with it (any Segment library works).',
  copy: 'Copy',
  copied: 'Copied.',
  signals: 'Signals',
  allKinds: 'All kinds',
  allStates: 'All states',
  raisedSince: 'Raised since',
  customer: 'Customer',
  raised: 'Raised',
  nextPage: 'Next page',
  firstPage: 'First page',
  noSignals: 'No signals match.',
  weeklyTrend: 'Raised per week, oldest first',
  weeklyChart: 'Missed customers raised and won back, by week',
  states: { open: 'Open', contacted: 'Contacted', won_back: 'Won back', lapsed: 'Lapsed' } as Labels,
  campaignStates: { draft: 'Draft', active: 'Active', paused: 'Paused', archived: 'Archived' } as Labels,
  kinds: {
    cancelled_after_payment: 'Cancelled after paying',
    returned: 'Returned an order',
    out_of_stock: 'Wanted an out-of-stock item',
    cart_abandoned: 'Abandoned a cart',
    negative_review: 'Left a negative review',
    browsing_not_buying: 'Browsing, not buying',
    dormant_soon: 'About to go dormant',
    dormant: 'Dormant',
    coupon_expiring_unused: 'Coupon expiring unused',
    churn_risk: 'Likely leaving (churn risk)',
  } as Labels,
}

export type Strings = typeof en

const ko: Strings = {
  appName: 'Reel',
  language: '언어',
  signInTitle: 'Reel 로그인',
  email: '이메일',
  password: '비밀번호',
  signIn: '로그인',
  signingIn: '로그인 중…',
  signOut: '로그아웃',
  badCredentials: '이메일과 비밀번호가 일치하는 계정이 없습니다.',
  mainNav: '메인',
  skipToContent: '본문으로 건너뛰기',
  overview: '개요',
  radar: '레이더',
  pages: {
    overview: '개요',
    radar: '레이더',
    customers: '고객',
    customer: '고객',
    campaigns: '캠페인',
    'campaign-new': '새 캠페인',
    campaign: '캠페인',
    coupons: '쿠폰',
    shipments: '배송',
    outbox: '발송함',
    settings: '설정',
  },
  roles: { admin: '관리자', marketer: '마케터', viewer: '열람자' },
  loading: '불러오는 중…',
  loadFailed: '불러오지 못했습니다: ',
  atStake: '놓친 고객 유형별 위험 금액',
  wonBackThisMonth: '되찾은 고객 (이번 주와 지난 3주)',
  campaignProfit: '캠페인별 증분 이익',
  gifts: '선물',
  giftsSent: '보냄',
  giftsClaimed: '받음',
  signUps: '선물로 가입',
  kFactor: 'K-팩터',
  shop: 'Reel이 가진 데이터',
  customers: '고객',
  members: '회원',
  orders: '주문',
  events: '이벤트',
  kind: '유형',
  open: '열림',
  contacted: '연락함',
  wonBack: '되찾음',
  lapsed: '이탈',
  valueAtStake: '위험 금액',
  wonBackRate: '되찾은 비율',
  campaign: '캠페인',
  state: '상태',
  profit: '증분 이익',
  verdict: '판정',
  noCampaigns: '아직 캠페인이 없습니다.',
  emptyDemo: '아직 데이터가 없습니다. 데모 상점으로 둘러보려면 다음을 실행하세요:',
  emptySend: '또는 쓰기 키로 첫 이벤트를 보내세요',
  emptyNoKey: '또는 설정에서 쓰기 키를 만들어 이벤트를 보내세요 (어떤 Segment 라이브러리든 됩니다).',
  emptyAskAdmin: '또는 관리자에게 쓰기 키(설정)를 받아 이벤트를 보내세요 (어떤 Segment 라이브러리든 됩니다).',
  copy: '복사',
  copied: '복사했습니다.',
  signals: '신호',
  allKinds: '모든 유형',
  allStates: '모든 상태',
  raisedSince: '발생 시작일',
  customer: '고객',
  raised: '발생',
  nextPage: '다음 페이지',
  firstPage: '첫 페이지',
  noSignals: '조건에 맞는 신호가 없습니다.',
  weeklyTrend: '주별 발생 수 (오래된 순)',
  weeklyChart: '주별 놓친 고객 발생 수와 되찾은 수',
  states: { open: '열림', contacted: '연락함', won_back: '되찾음', lapsed: '이탈' },
  campaignStates: { draft: '초안', active: '진행 중', paused: '일시 중지', archived: '보관됨' },
  kinds: {
    cancelled_after_payment: '결제 후 취소',
    returned: '반품',
    out_of_stock: '품절 상품을 원함',
    cart_abandoned: '장바구니 이탈',
    negative_review: '부정적 리뷰',
    browsing_not_buying: '둘러보기만 함',
    dormant_soon: '휴면 직전',
    dormant: '휴면',
    coupon_expiring_unused: '쿠폰 미사용 만료 임박',
    churn_risk: '이탈 위험',
  },
}

const STRINGS: Record<Locale, Strings> = { en, ko }
const STORAGE_KEY = 'reel.locale'

/** The stored choice, else the browser's first language Reel speaks, else English. */
function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY)
  if (stored === 'en' || stored === 'ko') return stored
  for (const tag of navigator.languages ?? [navigator.language])
    if (tag.toLowerCase().startsWith('ko')) return 'ko'
    else if (tag.toLowerCase().startsWith('en')) return 'en'
  return 'en'
}

interface LocaleContext {
  locale: Locale
  t: Strings
  setLocale(locale: Locale): void
}
const Context = createContext<LocaleContext | null>(null)

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(initialLocale)
  useEffect(() => {
    document.documentElement.lang = locale
    localStorage.setItem(STORAGE_KEY, locale)
  }, [locale])
  const value = useMemo(() => ({ locale, t: STRINGS[locale], setLocale }), [locale])
  return <Context.Provider value={value}>{children}</Context.Provider>
}

export function useLocale(): LocaleContext {
  const context = useContext(Context)
  if (!context) throw new Error('useLocale outside LocaleProvider')
  return context
}

/**
 * A page's own strings, English and Korean, kept beside the page (`Customer.strings.ts`): the shared ones
 * (navigation, states, kinds) stay in this file.
 */
export function useStrings<T>(strings: { en: T; ko: NoInfer<T> }): T {
  return strings[useLocale().locale]
}
