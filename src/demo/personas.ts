import type { Random } from './random.js'

/**
 * The kinds of people who visit the shop. Each is a habit (how often they come, how often they buy)
 * and a life span in the shop; together they produce every kind of missed customer of DESIGN section 4.
 */
export type PersonaName = 'loyal' | 'regular' | 'lapsing' | 'one_time' | 'window_shopper' | 'passer_by'

export interface Persona {
  name: PersonaName
  /** Share of the shop's visitors. */
  share: number
  /** Mean days between two visits. */
  meanGapDays: number
  /** Chance that a signed-in visit ends in an order. */
  buyChance: number
  /** Chance that a visit puts something in a cart without (yet) buying. */
  cartChance: number
  /** Mean days from the first visit to the last, or Infinity for people who never leave. */
  meanLifeDays: number
  /** The visit (1-based) on which they sign up, as a range; null: never signs up. */
  signUpVisit: [number, number] | null
  /** Stops buying after the first order (and soon stops coming). */
  buysOnce: boolean
}

export const PERSONAS: readonly Persona[] = [
  // Comes back every few weeks and buys now and then: the shop's base.
  {
    name: 'loyal',
    share: 0.1,
    meanGapDays: 40,
    buyChance: 0.2,
    cartChance: 0.2,
    meanLifeDays: Infinity,
    signUpVisit: [1, 2],
    buysOnce: false,
  },
  {
    name: 'regular',
    share: 0.26,
    meanGapDays: 90,
    buyChance: 0.15,
    cartChance: 0.2,
    meanLifeDays: Infinity,
    signUpVisit: [1, 4],
    buysOnce: false,
  },
  // Buys, then drifts away for good: the dormant customers of the future.
  {
    name: 'lapsing',
    share: 0.2,
    meanGapDays: 18,
    buyChance: 0.25,
    cartChance: 0.25,
    meanLifeDays: 50,
    signUpVisit: [1, 2],
    buysOnce: false,
  },
  {
    name: 'one_time',
    share: 0.14,
    meanGapDays: 12,
    buyChance: 0.5,
    cartChance: 0.2,
    meanLifeDays: 30,
    signUpVisit: [1, 3],
    buysOnce: true,
  },
  // Comes every few days for a season, fills carts, never pays.
  {
    name: 'window_shopper',
    share: 0.06,
    meanGapDays: 3.5,
    buyChance: 0,
    cartChance: 0.12,
    meanLifeDays: 110,
    signUpVisit: [1, 3],
    buysOnce: false,
  },
  // Looks around anonymously and never signs up: never a customer, never in the ground truth.
  {
    name: 'passer_by',
    share: 0.24,
    meanGapDays: 30,
    buyChance: 0,
    cartChance: 0.08,
    meanLifeDays: 40,
    signUpVisit: null,
    buysOnce: false,
  },
]

/** Picks a persona with the shares above. */
export function pickPersona(random: Random): Persona {
  return random.weighted(
    PERSONAS,
    PERSONAS.map((p) => p.share),
  )
}

const FAMILY_NAMES = [
  '김',
  '이',
  '박',
  '최',
  '정',
  '강',
  '조',
  '윤',
  '장',
  '임',
  '한',
  '오',
  '서',
  '신',
  '권',
]
const GIVEN_SYLLABLES = [
  '민',
  '서',
  '지',
  '현',
  '윤',
  '수',
  '하',
  '은',
  '준',
  '우',
  '연',
  '도',
  '예',
  '진',
  '영',
  '아',
]

/** The traits a member gives at sign-up (DESIGN section 3: identify). */
export interface MemberTraits {
  email: string
  phone: string
  name: string
  birthday: string
  timezone: string
  locale: string
  /** Marketing consent per channel, as a shop's sign-up form records it. */
  consent: { email: boolean; sms: boolean }
}

/**
 * A member's marketing consent, drawn from their id rather than the generator's random stream (so adding
 * it changed no other part of the demo): 70% say yes to e-mail, 40% to SMS.
 */
function consentOf(userId: string): { email: boolean; sms: boolean } {
  let h = 2166136261
  for (const ch of userId) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0
  return { email: h % 100 < 70, sms: (h >>> 8) % 100 < 40 }
}

/** Invents a member's traits; the e-mail is derived from the member id so it is unique. */
export function inventTraits(random: Random, userId: string): MemberTraits {
  const year = random.int(1968, 2006)
  const month = String(random.int(1, 12)).padStart(2, '0')
  const day = String(random.int(1, 28)).padStart(2, '0')
  return {
    email: `${userId}@mail.example.kr`,
    phone: `010-${random.int(1000, 9999)}-${random.int(1000, 9999)}`,
    name: random.pick(FAMILY_NAMES) + random.pick(GIVEN_SYLLABLES) + random.pick(GIVEN_SYLLABLES),
    birthday: `${year}-${month}-${day}`,
    timezone: 'Asia/Seoul',
    locale: 'ko',
    consent: consentOf(userId),
  }
}
