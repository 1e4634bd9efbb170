/**
 * A small seeded random source (sfc32, seeded through splitmix32), so the same seed gives the same shop
 * byte for byte on every machine. Math.random is never used in the demo.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T
  /** One element, chosen with the given weights (same length as items). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T
  /** An exponentially distributed value with the given mean (waiting times between visits). */
  exponential(mean: number): number
}

/** splitmix32: spreads a small seed over 32 bits so that seeds 1 and 2 give unrelated streams. */
function splitmix32(state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator): returns floats in [0, 1). */
export function sfc32(seed: number): () => number {
  const mix = splitmix32(seed)
  let a = mix()
  let b = mix()
  let c = mix()
  let d = mix()
  const step = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  // The first outputs of a fresh state are weakly mixed: throw a few away.
  for (let i = 0; i < 12; i++) step()
  return step
}

/** A Random over sfc32 seeded with `seed`. */
export function createRandom(seed: number): Random {
  const next = sfc32(seed)
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new Error('pick from an empty list')
      return item
    },
    weighted: (items, weights) => {
      let total = 0
      for (const w of weights) total += w
      let r = next() * total
      for (let i = 0; i < items.length; i++) {
        r -= weights[i] ?? 0
        if (r < 0) return items[i] as (typeof items)[number]
      }
      const last = items[items.length - 1]
      if (last === undefined) throw new Error('weighted pick from an empty list')
      return last
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
  }
}

/**
 * A Random of its own for one thing of the shop (an order's parcels, a member's address), drawn from its id:
 * what it decides leaves the shop's one stream, and so every other event of the demo, unchanged.
 */
export function randomFor(id: string, seed: number): Random {
  let h = 2166136261
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0
  return createRandom((h ^ Math.imul(seed, 0x9e3779b1)) >>> 0)
}
