import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ndcgAtK, phrAtK, recallAtK } from './metrics.js'

// Reference values printed by the benchmark's own evaluation/metrics.py (liming-7/A-Next-Basket-Recommendation-
// Reality-Check, get_Recall / get_NDCG / get_HT) on these inputs, with Python 3.
const cases = [
  {
    truth: [1, 2, 3],
    ranked: [3, 9, 1, 8, 7, 6, 5, 4, 2, 0, 11],
    k: 10,
    recall: 1,
    ndcg: 0.8451850618939637,
    phr: 1,
  },
  { truth: [5], ranked: [1, 2, 3, 4, 5], k: 3, recall: 0, ndcg: 0, phr: 0 },
  { truth: [5, 6], ranked: [6, 1, 5], k: 10, recall: 1, ndcg: 0.9197207891481876, phr: 1 },
  // More truth items than k: the ideal DCG still runs over all 12, as metrics.py does.
  {
    truth: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    ranked: [12, 0, 1],
    k: 2,
    recall: 0.08333333333333333,
    ndcg: 0.19635793579928928,
    phr: 1,
  },
]

test('recall, NDCG and PHR at k equal the benchmark’s metrics.py', () => {
  for (const c of cases) {
    const truth = c.truth.map(String)
    const ranked = c.ranked.map(String)
    assert.equal(recallAtK(truth, ranked, c.k), c.recall)
    assert.ok(Math.abs(ndcgAtK(truth, ranked, c.k) - c.ndcg) < 1e-12, `ndcg of ${JSON.stringify(c)}`)
    assert.equal(phrAtK(truth, ranked, c.k), c.phr)
  }
})
