/**
 * Next-basket metrics exactly as the benchmark of Li et al., "A Next Basket Recommendation Reality Check"
 * (ACM TOIS 2023), defines them in its `evaluation/metrics.py`: the truth is the target basket's items, the
 * prediction a ranked list of which only the first k count. NDCG's ideal DCG runs over every truth item, not
 * over min(k, |truth|), as that file does; PHR is its `get_HT` (at least one hit in the first k).
 */

function hitsInTopK(truth: ReadonlySet<string>, ranked: readonly string[], k: number): number[] {
  const hits: number[] = []
  const top = ranked.slice(0, k)
  top.forEach((item, position) => {
    if (truth.has(item)) hits.push(position)
  })
  return hits
}

/** Share of the truth's items found in the first k (`get_Recall`). */
export function recallAtK(truth: readonly string[], ranked: readonly string[], k: number): number {
  if (truth.length === 0) return 0
  return hitsInTopK(new Set(truth), ranked, k).length / truth.length
}

/** DCG of the first k over the DCG of every truth item ranked first (`get_NDCG`). */
export function ndcgAtK(truth: readonly string[], ranked: readonly string[], k: number): number {
  if (truth.length === 0) return 0
  const dcg = hitsInTopK(new Set(truth), ranked, k).reduce((sum, p) => sum + 1 / Math.log2(p + 2), 0)
  let ideal = 0
  for (let i = 0; i < truth.length; i++) ideal += 1 / Math.log2(i + 2)
  return dcg / ideal
}

/** 1 when any of the first k is in the truth, else 0 (`get_HT`, the paper's PHR). */
export function phrAtK(truth: readonly string[], ranked: readonly string[], k: number): number {
  return hitsInTopK(new Set(truth), ranked, k).length > 0 ? 1 : 0
}
