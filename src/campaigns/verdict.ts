import { minorUnits } from '../coupons/index.js'
import { formatMoney, type Locale } from '../pages/index.js'
import type { Estimate, ExperimentAnalysis } from '../stats/index.js'

/** What the figures allow one to say, most cautious first. */
export type VerdictKind =
  | 'not_enough_data'
  | 'sample_ratio_mismatch'
  | 'adds_orders'
  | 'loses_orders'
  | 'no_effect_yet'

export interface Verdict {
  kind: VerdictKind
  locale: Locale
  text: string
}

export interface VerdictContext {
  currency: string | null
  locale: Locale
  /** The interval's confidence (0.95 → "95%"). */
  confidence: number
  /** Exposures whose goal window is still open: their figures may still grow. */
  windowsOpen: number
}

interface Phrases {
  notEnough: (treatment: number, holdout: number) => string
  srm: (treatment: number, holdout: number) => string
  adds: (lift: string, range: string) => string
  loses: (lift: string, range: string) => string
  noEffect: (lift: string, range: string) => string
  earns: (money: string, range: string) => string
  costs: (money: string, range: string) => string
  profitUnclear: (money: string, range: string) => string
  dilemma: (share: string) => string
  open: (n: number) => string
  range: (label: string, lower: string, upper: string) => string
}

const EN: Phrases = {
  notEnough: (t, h) => `not enough data yet (${t} exposed in the treatment, ${h} in the holdout)`,
  srm: (t, h) =>
    `sample ratio mismatch: do not trust these figures (${t} in the treatment, ${h} in the holdout is not the split the holdout share gives)`,
  adds: (lift, range) => `adds ${lift} orders per 100 customers (${range})`,
  loses: (lift, range) => `costs ${lift} orders per 100 customers (${range})`,
  noEffect: (lift, range) =>
    `no effect can be told apart from zero yet (${lift} orders per 100 customers, ${range})`,
  earns: (money, range) => `after discounts it earns ${money} (${range})`,
  costs: (money, range) => `after discounts it loses ${money} (${range})`,
  profitUnclear: (money, range) =>
    `after discounts its profit cannot be told apart from zero yet (${money}, ${range})`,
  dilemma: (share) => `${share} of the discount went to customers who would have ordered anyway`,
  open: (n) => `${n} goal windows are still open: these figures may still change`,
  range: (label, lower, upper) => `${label}: ${lower} to ${upper}`,
}

const KO: Phrases = {
  notEnough: (t, h) => `아직 데이터가 부족합니다 (노출: 실험군 ${t}명, 대조군 ${h}명)`,
  srm: (t, h) =>
    `표본 비율 불일치: 이 수치를 믿지 마세요 (실험군 ${t}명, 대조군 ${h}명은 대조군 비율이 주는 분할이 아닙니다)`,
  adds: (lift, range) => `고객 100명당 주문 ${lift}건 증가 (${range})`,
  loses: (lift, range) => `고객 100명당 주문 ${lift}건 감소 (${range})`,
  noEffect: (lift, range) => `아직 효과를 0과 구별할 수 없습니다 (고객 100명당 주문 ${lift}건, ${range})`,
  earns: (money, range) => `할인 후 ${money}의 이익 (${range})`,
  costs: (money, range) => `할인 후 ${money}의 손실 (${range})`,
  profitUnclear: (money, range) => `할인 후 이익은 아직 0과 구별할 수 없습니다 (${money}, ${range})`,
  dilemma: (share) => `할인의 ${share}는 캠페인 없이도 주문했을 고객에게 갔습니다`,
  open: (n) => `목표 기간이 아직 끝나지 않은 노출 ${n}건: 수치가 바뀔 수 있습니다`,
  range: (label, lower, upper) => `${label}: ${lower}~${upper}`,
}

const PHRASES: Record<Locale, Phrases> = { en: EN, ko: KO }
const TAG: Record<Locale, string> = { en: 'en-US', ko: 'ko-KR' }

/** An interval's sign: above zero, below it, or straddling it (then nothing can be claimed). */
function direction(estimate: Estimate): 1 | -1 | 0 {
  if (estimate.interval.lower > 0) return 1
  if (estimate.interval.upper < 0) return -1
  return 0
}

/**
 * Pure: the report's verdict in plain words. It never claims more than the lead interval allows: a
 * direction only when the interval excludes zero, money earned only when the profit's interval does, and no
 * figure at all when the data are too few or the split itself is wrong (a broken assignment biases every
 * figure).
 */
export function verdictOf(analysis: ExperimentAnalysis, context: VerdictContext): Verdict {
  const p = PHRASES[context.locale]
  const { treatment, holdout } = analysis.arms
  const say = (kind: VerdictKind, parts: string[]): Verdict => ({
    kind,
    locale: context.locale,
    text: parts.join('; '),
  })
  const orders = analysis.ordersPerCustomer
  if (!analysis.enough || orders === null)
    return say('not_enough_data', [p.notEnough(treatment.n, holdout.n)])
  if (analysis.srm?.mismatch) return say('sample_ratio_mismatch', [p.srm(treatment.n, holdout.n)])

  const label = `${Math.round(context.confidence * 100)}%`
  const number = new Intl.NumberFormat(TAG[context.locale], {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  })
  const per100 = (x: number) => number.format(x * 100)
  const money = (x: number) => {
    const digits = minorUnits(context.currency)
    return formatMoney(Math.round(x * 10 ** digits) / 10 ** digits, context.currency, context.locale)
  }
  const range = (e: Estimate, format: (x: number) => string) =>
    p.range(label, format(e.interval.lower), format(e.interval.upper))

  const parts: string[] = []
  const way = direction(orders)
  const kind: VerdictKind = way > 0 ? 'adds_orders' : way < 0 ? 'loses_orders' : 'no_effect_yet'
  if (way > 0) parts.push(p.adds(per100(orders.estimate), range(orders, per100)))
  else if (way < 0) parts.push(p.loses(per100(-orders.estimate), range(orders, per100)))
  else parts.push(p.noEffect(per100(orders.estimate), range(orders, per100)))

  const profit = analysis.money.incrementalProfit
  if (profit) {
    const profitWay = direction(profit)
    const profitRange = range(profit, money)
    if (profitWay > 0) parts.push(p.earns(money(profit.estimate), profitRange))
    else if (profitWay < 0) parts.push(p.costs(money(-profit.estimate), profitRange))
    else parts.push(p.profitUnclear(money(profit.estimate), profitRange))
  }
  const dilemma = analysis.money.promotionDilemma
  if (dilemma && dilemma.discount > 0) parts.push(p.dilemma(`${Math.round(dilemma.shareOfDiscount * 100)}%`))
  if (context.windowsOpen > 0) parts.push(p.open(context.windowsOpen))
  return say(kind, parts)
}
