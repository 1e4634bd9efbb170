/**
 * Uplift metrics exactly as scikit-uplift 0.5.1 defines them (sklift/metrics/metrics.py): the Qini and
 * uplift curves over the scores sorted high to low (ties form one point), the trapezoid area (sklearn's
 * `auc`) above the random line, divided by the same area of the perfect curve.
 */

/** One curve: x = customers targeted, y = the curve's value there. */
export interface UpliftCurve {
  x: number[]
  y: number[]
}

interface Checked {
  y: ArrayLike<number>
  uplift: ArrayLike<number>
  treatment: ArrayLike<number>
}

/** sklift's check_is_binary: the values are exactly {0, 1}, both present. */
function checkBinary(values: ArrayLike<number>, name: string): void {
  let zeros = 0
  let ones = 0
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) zeros++
    else if (values[i] === 1) ones++
    else throw new RangeError(`${name} must be binary (0 or 1); item ${i} is ${values[i]}`)
  }
  if (zeros === 0 || ones === 0) throw new RangeError(`${name} must hold both 0 and 1`)
}

function checkFinite(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i])) throw new RangeError(`${name} must be finite; item ${i} is ${values[i]}`)
}

/**
 * Continuous outcomes (spend) are accepted where the formula carries over unchanged (the Qini curve and
 * uplift@k sum outcomes); sklift itself only takes binary ones.
 */
function check(
  y: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  binaryY: boolean,
) {
  if (y.length !== uplift.length || y.length !== treatment.length)
    throw new RangeError(
      `lengths differ: ${y.length} outcomes, ${uplift.length} scores, ${treatment.length} treatment flags`,
    )
  checkBinary(treatment, 'treatment')
  if (binaryY) checkBinary(y, 'outcome')
  else checkFinite(y, 'outcome')
  checkFinite(uplift, 'uplift')
  return { y, uplift, treatment } satisfies Checked
}

/** `np.argsort(uplift, kind="mergesort")[::-1]`: high to low, ties in reverse order of position. */
export function descendingOrder(uplift: ArrayLike<number>): number[] {
  const order = Array.from({ length: uplift.length }, (_, i) => i)
  order.sort((a, b) => uplift[a]! - uplift[b]!) // Array.prototype.sort is stable
  return order.reverse()
}

/** Cumulative counts at the end of each run of equal scores, as sklift's threshold_indices. */
function cumulativeAtThresholds({ y, uplift, treatment }: Checked) {
  const order = descendingOrder(uplift)
  const numAll: number[] = []
  const numTreated: number[] = []
  const yTreated: number[] = []
  const yControl: number[] = []
  let nT = 0
  let sumT = 0
  let sumC = 0
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!
    if (treatment[row] === 1) {
      nT++
      sumT += y[row]!
    } else sumC += y[row]!
    const next = order[i + 1]
    if (next === undefined || uplift[next] !== uplift[row]) {
      numAll.push(i + 1)
      numTreated.push(nT)
      yTreated.push(sumT)
      yControl.push(sumC)
    }
  }
  return { numAll, numTreated, yTreated, yControl }
}

/** sklift prepends (0, 0) unless the curve already starts there (it never does: x starts at 1). */
function fromOrigin(x: number[], y: number[]): UpliftCurve {
  return { x: [0, ...x], y: [0, ...y] }
}

function qiniCurveOf(data: Checked): UpliftCurve {
  const { numAll, numTreated, yTreated, yControl } = cumulativeAtThresholds(data)
  const values = numAll.map((n, i) => {
    const nC = n - numTreated[i]!
    return yTreated[i]! - (nC !== 0 ? (yControl[i]! * numTreated[i]!) / nC : 0)
  })
  return fromOrigin(numAll, values)
}

function upliftCurveOf(data: Checked): UpliftCurve {
  const { numAll, numTreated, yTreated, yControl } = cumulativeAtThresholds(data)
  const values = numAll.map((n, i) => {
    const nT = numTreated[i]!
    const nC = n - nT
    return ((nT !== 0 ? yTreated[i]! / nT : 0) - (nC !== 0 ? yControl[i]! / nC : 0)) * n
  })
  return fromOrigin(numAll, values)
}

/** sklearn.metrics.auc: the trapezoid rule over increasing x. */
function area(curve: UpliftCurve): number {
  let sum = 0
  for (let i = 1; i < curve.x.length; i++)
    sum += ((curve.x[i]! - curve.x[i - 1]!) * (curve.y[i]! + curve.y[i - 1]!)) / 2
  return sum
}

/** (area of the model's curve − random line) / (area of the perfect curve − random line). */
function normalisedArea(actual: UpliftCurve, perfect: UpliftCurve): number {
  const baseline = (perfect.x.at(-1)! * perfect.y.at(-1)!) / 2
  const best = area(perfect) - baseline
  if (best === 0) throw new RangeError('the perfect curve has no area above the random line: nothing to rank')
  return (area(actual) - baseline) / best
}

/** sklift.metrics.qini_curve. */
export function qiniCurve(
  yTrue: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
): UpliftCurve {
  return qiniCurveOf(check(yTrue, uplift, treatment, false))
}

/** sklift.metrics.perfect_qini_curve with negative_effect=True: treated responders first, control ones last. */
export function perfectQiniCurve(yTrue: ArrayLike<number>, treatment: ArrayLike<number>): UpliftCurve {
  const perfect = Array.from(yTrue, (y, i) => (treatment[i] === 1 ? y : -y))
  return qiniCurveOf(check(yTrue, perfect, treatment, false))
}

/** sklift.metrics.uplift_curve (binary outcomes). */
export function upliftCurve(
  yTrue: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
): UpliftCurve {
  return upliftCurveOf(check(yTrue, uplift, treatment, true))
}

/** sklift.metrics.perfect_uplift_curve (binary outcomes). */
export function perfectUpliftCurve(yTrue: ArrayLike<number>, treatment: ArrayLike<number>): UpliftCurve {
  let controlResponders = 0
  let treatedNonResponders = 0
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] === 1 && treatment[i] === 0) controlResponders++
    if (yTrue[i] === 0 && treatment[i] === 1) treatedNonResponders++
  }
  const summand = controlResponders > treatedNonResponders ? yTrue : treatment
  const perfect = Array.from(yTrue, (y, i) => 2 * (y === treatment[i] ? 1 : 0) + summand[i]!)
  return upliftCurveOf(check(yTrue, perfect, treatment, true))
}

/** sklift.metrics.qini_auc_score (negative_effect=True): the Qini coefficient, normalised by the perfect curve. */
export function qiniAucScore(
  yTrue: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
): number {
  return normalisedArea(qiniCurve(yTrue, uplift, treatment), perfectQiniCurve(yTrue, treatment))
}

/** sklift.metrics.uplift_auc_score: area under the uplift curve, normalised by the perfect curve. */
export function upliftAucScore(
  yTrue: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
): number {
  return normalisedArea(upliftCurve(yTrue, uplift, treatment), perfectUpliftCurve(yTrue, treatment))
}

function mean(values: number[], what: string): number {
  if (values.length === 0) throw new RangeError(`uplift@k: the top k holds no ${what} customer`)
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

/**
 * sklift.metrics.uplift_at_k: outcome rate of the treated minus that of the control among the top k by score.
 * k in (0, 1) is a share (floored to whole rows, as sklift's int()); an integer k ≥ 1 is a number of rows.
 * 'overall' takes the top k of everyone; 'by_group' the top k of each arm.
 */
export function upliftAtK(
  yTrue: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  k: number,
  strategy: 'overall' | 'by_group',
): number {
  const data = check(yTrue, uplift, treatment, false)
  const n = yTrue.length
  const isShare = !Number.isInteger(k)
  if (isShare ? !(k > 0 && k < 1) : k <= 0 || k >= n)
    throw new RangeError(`k=${k} must be a share in (0, 1) or a whole number of rows below ${n}`)
  const order = descendingOrder(data.uplift)
  const treated: number[] = []
  const control: number[] = []
  for (const row of order) (treatment[row] === 1 ? treated : control).push(yTrue[row]!)
  if (strategy === 'overall') {
    const size = isShare ? Math.floor(n * k) : k
    const top = order.slice(0, size)
    return (
      mean(
        top.filter((row) => treatment[row] === 1).map((row) => yTrue[row]!),
        'treated',
      ) -
      mean(
        top.filter((row) => treatment[row] === 0).map((row) => yTrue[row]!),
        'control',
      )
    )
  }
  const nTreated = isShare ? Math.floor(treated.length * k) : k
  const nControl = isShare ? Math.floor(control.length * k) : k
  if (nTreated > treated.length || nControl > control.length)
    throw new RangeError(
      `k=${k} is more than the rows of one arm (${treated.length} treated, ${control.length} control)`,
    )
  return mean(treated.slice(0, nTreated), 'treated') - mean(control.slice(0, nControl), 'control')
}
