import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  perfectQiniCurve,
  perfectUpliftCurve,
  qiniAucScore,
  qiniCurve,
  upliftAtK,
  upliftAucScore,
  upliftCurve,
} from './metrics.js'
import reference from './sklift-reference.json' with { type: 'json' }

// Reference values: scikit-uplift 0.5.1's sklift/metrics/metrics.py transcribed line by line to numpy
// (sklearn.metrics.auc → numpy.trapezoid, stable_cumsum → numpy.cumsum), run on the inputs named below.
// scikit-uplift itself cannot be installed here; the transcription keeps its sort (mergesort, reversed),
// its tie handling (one curve point per run of equal scores) and its normalisation.

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} differs from ${expected}`)
const closeEach = (actual: number[], expected: number[]) => {
  assert.equal(actual.length, expected.length)
  for (const [i, e] of expected.entries()) close(actual[i]!, e)
}

// y, uplift (strictly decreasing), treatment
const small = {
  y: [1, 0, 1, 0, 1, 0, 0, 1, 1, 0],
  u: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0],
  t: [1, 1, 0, 1, 0, 0, 1, 0, 1, 0],
}
// many tied scores: ties form one point, and uplift@k takes tied rows from the later position first
const ties = {
  y: [1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1],
  u: [0.5, 0.5, 0.2, 0.2, 0.2, 0.9, 0.9, -0.1, 0.5, 0.0, 0.0, 0.3],
  t: [1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0],
}

test('the Qini and uplift curves are those of sklift, one point per run of tied scores', () => {
  // qini_curve(small.y, small.u, small.t) and perfect_qini_curve(small.y, small.t)
  assert.deepEqual(qiniCurve(small.y, small.u, small.t).x, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  const qini = qiniCurve(small.y, small.u, small.t).y
  closeEach(qini, [0, 1, 1, -1, -2, -2, -1, -1.6666666666666665, -2, -1.75, -1])
  assert.deepEqual(perfectQiniCurve(small.y, small.t), { x: [0, 2, 7, 10], y: [0, 2, 2, -1] })
  // qini_curve(ties...): x = [0, 2, 5, 6, 9, 11, 12]
  const tiedQini = qiniCurve(ties.y, ties.u, ties.t)
  assert.deepEqual(tiedQini.x, [0, 2, 5, 6, 9, 11, 12])
  closeEach(tiedQini.y, [0, -1, -0.5, -1, -1.75, -0.5999999999999996, 0])
  // uplift_curve(ties...) and perfect_uplift_curve(ties.y, ties.t)
  const tiedUplift = upliftCurve(ties.y, ties.u, ties.t)
  closeEach(tiedUplift.y, [0, -2, -0.8333333333333335, -2, -3.15, -1.0999999999999996, 0])
  assert.deepEqual(perfectUpliftCurve(ties.y, ties.t), { x: [0, 3, 6, 9, 12], y: [0, 3, 6, 4.5, 0] })
  const perfect = perfectUpliftCurve(small.y, small.t)
  assert.deepEqual(perfect.x, [0, 2, 4, 7, 10])
  closeEach(perfect.y, [0, 2, 4, 2.8000000000000003, -1.9999999999999996])
})

test('qini_auc_score and uplift_auc_score match sklift, normalised by the perfect curve', () => {
  close(qiniAucScore(small.y, small.u, small.t), -0.2657657657657657)
  close(upliftAucScore(small.y, small.u, small.t), -0.2913832199546485)
  close(qiniAucScore(ties.y, ties.u, ties.t), -0.399074074074074)
  close(upliftAucScore(ties.y, ties.u, ties.t), -0.498559670781893)
  const { y, uplift, treatment, expected } = reference
  close(qiniAucScore(y, uplift, treatment), expected.qini)
  close(upliftAucScore(y, uplift, treatment), expected.auuc)
})

test('uplift_at_k matches sklift for shares and row counts, overall and by group', () => {
  // uplift_at_k(y, u, t, strategy, k) for each case
  const cases: [typeof small, number, 'overall' | 'by_group', number][] = [
    [small, 0.3, 'overall', -0.5],
    [small, 0.3, 'by_group', 0],
    [small, 0.5, 'overall', -0.6666666666666667],
    [small, 0.5, 'by_group', -0.5],
    [small, 4, 'overall', -0.6666666666666667],
    [small, 4, 'by_group', -0.5],
    [ties, 0.3, 'overall', -1],
    [ties, 0.5, 'overall', -0.3333333333333333],
    [ties, 4, 'overall', -0.5],
    [ties, 4, 'by_group', -0.5],
  ]
  for (const [data, k, strategy, expected] of cases)
    close(upliftAtK(data.y, data.u, data.t, k, strategy), expected)
  const { y, uplift, treatment, expected } = reference
  close(upliftAtK(y, uplift, treatment, 0.3, 'overall'), expected.upliftAt30)
  close(upliftAtK(y, uplift, treatment, 0.3, 'by_group'), expected.upliftAt30ByGroup)
})

test('a continuous outcome (spend) goes through the same Qini and uplift@k formulas', () => {
  const { spend, uplift, treatment, expected } = reference
  close(qiniAucScore(spend, uplift, treatment), expected.spendQini)
  close(upliftAtK(spend, uplift, treatment, 0.3, 'overall'), expected.spendUpliftAt30)
  assert.throws(() => upliftAucScore(spend, uplift, treatment), /outcome must be binary/)
})

test('the metrics refuse what sklift refuses instead of answering NaN', () => {
  assert.throws(() => qiniAucScore([0, 1], [0.1, 0.2], [1, 2]), /treatment must be binary/)
  assert.throws(() => qiniAucScore([0, 1], [0.1, 0.2], [1, 1]), /treatment must hold both 0 and 1/)
  assert.throws(() => qiniAucScore([0, 1, 0], [0.1, 0.2], [1, 0, 1]), /lengths differ/)
  assert.throws(() => qiniAucScore([0, 1], [Number.NaN, 0.2], [1, 0]), /uplift must be finite/)
  assert.throws(() => upliftAtK(small.y, small.u, small.t, 1.5, 'overall'), /k=1.5/)
  assert.throws(() => upliftAtK(small.y, small.u, small.t, 10, 'overall'), /k=10/)
  // the top 10% is one treated customer: no control rate to compare with (sklift answers NaN)
  assert.throws(() => upliftAtK(small.y, small.u, small.t, 0.1, 'overall'), /no control customer/)
  // every outcome the same: the perfect curve is the random line
  assert.throws(() => qiniAucScore([0, 0, 0, 0], [1, 2, 3, 4], [1, 0, 1, 0]), /perfect curve has no area/)
})
