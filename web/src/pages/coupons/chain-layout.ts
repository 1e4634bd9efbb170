import type { Gift } from './api'

/** Who got the gift: the member who claimed it, else the member it was sent to; null for an open link. */
export const receiverOf = (g: Gift): string | null => g.claimedBy ?? g.receiverId

export interface ChainNode {
  id: string
  /** Gifts between it and the start of its chain (0: a giver nobody in view gave to). */
  depth: number
  /** Its place in its column. */
  row: number
}

/**
 * Customers placed in columns by how far down a chain they are, so a chain reads left to right the same
 * every time (a force layout moves on each draw). A customer reached twice stays at the nearer depth.
 */
export function chainLayout(gifts: Gift[]): {
  nodes: ChainNode[]
  edges: { source: string; target: string }[]
} {
  const edges = gifts.flatMap((g) => {
    const target = receiverOf(g)
    return target ? [{ source: g.giverId, target }] : []
  })
  const received = new Set(edges.map((e) => e.target))
  const depth = new Map<string, number>()
  // Oldest first, so the customers read in the order the chain grew.
  const ordered = [...edges].reverse()
  for (const e of ordered) if (!received.has(e.source)) depth.set(e.source, 0)
  let frontier = [...depth.keys()]
  while (frontier.length > 0) {
    const next: string[] = []
    for (const e of ordered)
      if (frontier.includes(e.source) && !depth.has(e.target)) {
        depth.set(e.target, (depth.get(e.source) ?? 0) + 1)
        next.push(e.target)
      }
    frontier = next
  }
  // What is left only gave within a ring (a gave to b, b to a): it starts its own column.
  for (const e of ordered) {
    if (!depth.has(e.source)) depth.set(e.source, 0)
    if (!depth.has(e.target)) depth.set(e.target, (depth.get(e.source) ?? 0) + 1)
  }
  const rows = new Map<number, number>()
  const nodes = [...depth].map(([id, d]) => {
    const row = rows.get(d) ?? 0
    rows.set(d, row + 1)
    return { id, depth: d, row }
  })
  return { nodes, edges }
}
