import assert from 'node:assert/strict'
import { join } from 'node:path'
import { runImport } from '../imports/index.js'
import { dataTest, testDataDir } from '../imports/test-support.js'
import { engines } from '../test-support/engines.js'
import { evaluateShopOrders } from './evaluate.js'
import { shopBaskets } from './shop-baskets.js'

const embedded = engines.find((e) => e.name === 'embedded')!

dataTest(
  'Online Retail imported into Reel: each repeat customer’s last invoice held out, from the counts the projection kept',
  'online_retail/online_retail_random_sample.csv',
  async (sample) => {
    const reel = await embedded.start()
    try {
      await runImport({ format: 'uci', path: sample }, reel.ingestor)
      const week = join(testDataDir, 'online_retail', 'online_retail_first_week_dec2010.csv')
      await runImport({ format: 'uci', path: week }, reel.ingestor)
      const customers = await shopBaskets(reel.database.db)
      const r = evaluateShopOrders(customers, { k: 10 })
      // Figures of `reel recs evaluate --database` on these two files (docs/benchmarks.md, recs).
      assert.deepEqual(r.users, { train: 2298, test: 1624, testWithNewItems: 1567 })
      const reelRecall = r.methods.reel!.recall
      assert.ok(reelRecall > r.methods['G-TopFreq']!.recall, JSON.stringify(r.methods))
      assert.ok(reelRecall > r.methods['P-TopFreq']!.recall, JSON.stringify(r.methods))
      assert.ok(
        r.newItems.methods.reel!.recall >= r.newItems.methods['G-TopFreq']!.recall,
        JSON.stringify(r.newItems),
      )
    } finally {
      await reel.close()
    }
  },
)
