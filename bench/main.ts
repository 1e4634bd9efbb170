/**
 * `npm run bench -- NAME [options]`: runs one benchmark of DESIGN section 10 and prints its figures.
 * The figures and the commands that produced them are kept in docs/benchmarks.md.
 */

/** A benchmark module: `run` gets the arguments after its name. */
interface Bench {
  run(args: string[]): Promise<void>
}

const BENCHES: Record<string, () => Promise<Bench>> = {
  campaigns: () => import('./campaigns.js'),
  connectors: () => import('./connectors.js'),
  coupons: () => import('./coupons.js'),
  delivery: () => import('./delivery.js'),
  dashboard: () => import('./dashboard.js'),
  honesty: () => import('./honesty.js'),
  scale: () => import('./scale.js'),
  send: () => import('./send.js'),
  ingest: () => import('./ingest.js'),
  memory: () => import('./memory.js'),
  predict: () => import('./predict.js'),
  radar: () => import('./radar.js'),
  recs: () => import('./recs.js'),
  tracking: () => import('./tracking.js'),
  uplift: () => import('./uplift.js'),
}

const [name, ...rest] = process.argv.slice(2)
const load = name ? BENCHES[name] : undefined
if (!load) {
  process.stderr.write(
    `usage: npm run bench -- NAME [options]\nbenches: ${Object.keys(BENCHES).join(', ')}\n`,
  )
  process.exit(2)
}
const bench = await load()
await bench.run(rest)
