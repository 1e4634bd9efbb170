import { type Random, randomFor } from './random.js'

/** Where the shop's parcels leave from: one warehouse in Gyeonggi, as most Korean online shops have. */
export const WAREHOUSE = { region: '경기', location: '경기 이천 물류센터' } as const

interface RegionPlan {
  region: string
  /** Share of the shop's buyers, roughly by population. */
  weight: number
  /** Delivery areas (the carrier's sub-terminal towns). */
  places: readonly string[]
  /** Share of the region's addresses on islands (도서산간): slower parcels. */
  islandShare: number
  islandPlaces?: readonly string[]
}

const REGIONS: readonly RegionPlan[] = [
  {
    region: '서울',
    weight: 19,
    places: ['서울 송파', '서울 강서', '서울 마포', '서울 노원', '서울 강남'],
    islandShare: 0,
  },
  { region: '경기', weight: 27, places: ['수원', '성남', '고양', '용인', '부천', '화성'], islandShare: 0 },
  {
    region: '인천',
    weight: 6,
    places: ['인천 남동', '인천 서구'],
    islandShare: 0.03,
    islandPlaces: ['옹진 영흥도', '강화 교동도'],
  },
  { region: '부산', weight: 6, places: ['부산 사상', '부산 해운대'], islandShare: 0 },
  { region: '대구', weight: 4.5, places: ['대구 달서', '대구 북구'], islandShare: 0 },
  { region: '대전', weight: 3, places: ['대전 유성', '대전 대덕'], islandShare: 0 },
  { region: '광주', weight: 3, places: ['광주 광산', '광주 북구'], islandShare: 0 },
  { region: '울산', weight: 2, places: ['울산 남구'], islandShare: 0 },
  { region: '세종', weight: 1, places: ['세종'], islandShare: 0 },
  { region: '강원', weight: 3, places: ['춘천', '원주', '강릉'], islandShare: 0 },
  { region: '충북', weight: 3, places: ['청주', '충주'], islandShare: 0 },
  { region: '충남', weight: 4, places: ['천안', '아산'], islandShare: 0 },
  { region: '전북', weight: 3, places: ['전주', '익산'], islandShare: 0 },
  {
    region: '전남',
    weight: 3,
    places: ['목포', '여수', '순천'],
    islandShare: 0.08,
    islandPlaces: ['완도', '신안 증도'],
  },
  {
    region: '경북',
    weight: 4.5,
    places: ['포항', '구미', '경주'],
    islandShare: 0.02,
    islandPlaces: ['울릉'],
  },
  {
    region: '경남',
    weight: 6,
    places: ['창원', '김해', '진주'],
    islandShare: 0.03,
    islandPlaces: ['통영 욕지도'],
  },
  {
    region: '제주',
    weight: 1.5,
    places: ['제주', '서귀포'],
    islandShare: 1,
    islandPlaces: ['제주', '서귀포'],
  },
]
const REGION_WEIGHTS = REGIONS.map((r) => r.weight)

/** A member's delivery address, as far as parcels care: region, delivery area, island or mainland. */
export interface Address {
  region: string
  place: string
  island: boolean
}

/**
 * A member's address, drawn from their id (not the shop's stream, nor the seed): the same member lives in the
 * same place in every run, and adding addresses changed no other event.
 */
export function addressOf(userId: string): Address {
  const r = randomFor(`address:${userId}`, 0)
  const plan = r.weighted(REGIONS, REGION_WEIGHTS)
  const island = plan.islandShare > 0 && r.chance(plan.islandShare)
  return {
    region: plan.region,
    place: r.pick(island ? (plan.islandPlaces ?? plan.places) : plan.places),
    island,
  }
}

/** A courier the shop hands parcels to, with how it usually does. */
export interface Carrier {
  name: string
  /** Share of the shop's parcels. */
  weight: number
  /** The carrier's sorting hub, where every parcel is scanned the night after handover. */
  hub: string
  /** Share of mainland parcels delivered the next delivery day (else the one after). */
  nextDayShare: number
  /** Delivery days an island parcel takes, fewest and most. */
  islandDays: readonly [number, number]
  trackingDigits: number
}

/** The four carriers Korean shops use most: CJ a little faster, the post office best on islands. */
export const CARRIERS: readonly Carrier[] = [
  {
    name: 'CJ대한통운',
    weight: 48,
    hub: '곤지암 메가허브',
    nextDayShare: 0.85,
    islandDays: [2, 4],
    trackingDigits: 12,
  },
  {
    name: '한진택배',
    weight: 18,
    hub: '대전 메가허브',
    nextDayShare: 0.75,
    islandDays: [2, 4],
    trackingDigits: 12,
  },
  {
    name: '롯데택배',
    weight: 20,
    hub: '진천 메가허브',
    nextDayShare: 0.7,
    islandDays: [2, 4],
    trackingDigits: 12,
  },
  {
    name: '우체국택배',
    weight: 14,
    hub: '대전 우편집중국',
    nextDayShare: 0.8,
    islandDays: [2, 3],
    trackingDigits: 13,
  },
]
const CARRIER_WEIGHTS = CARRIERS.map((c) => c.weight)

/** A carrier for one order's parcels. */
export const pickCarrier = (r: Random): Carrier => r.weighted(CARRIERS, CARRIER_WEIGHTS)

/** A tracking number of the carrier's length, digits only. */
export function trackingNumber(r: Random, carrier: Carrier): string {
  let digits = String(r.int(1, 9))
  while (digits.length < carrier.trackingDigits) digits += String(r.int(0, 9))
  return digits
}

/** Convenience stores that hold parcels for pickup (편의점 택배). */
export const PICKUP_STORES = ['GS25', 'CU', '세븐일레븐'] as const
