import assert from 'node:assert/strict'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import { engines } from '../test-support/engines.js'
import { renderImportSummary, runImport } from './index.js'

for (const engine of engines) {
  describe(`reel import of a CSV with a NUL character on ${engine.name}`, { skip: engine.skip }, () => {
    test('the order is imported with U+FFFD in place of the NUL, and the summary says so', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'reel-nul-'))
      const path = join(folder, 'orders.csv')
      await writeFile(
        path,
        'order_id,order_date,customer_id,product_id,product_name,quantity,unit_price,currency\n' +
          '1,2024-01-01,c-1,p-1,Linen\u0000shirt,1,39000,KRW\n2,2024-01-02,c-2,p-2,Cap,1,9000,KRW\n',
      )
      const reel = await engine.start()
      try {
        const summary = await runImport({ format: 'generic', path }, reel.ingestor)
        assert.equal(summary.quarantined, 0)
        assert.equal(summary.repaired, 1)
        assert.deepEqual(summary.repairs, [
          {
            messageId: 'generic:order-completed:1',
            field: 'properties.products.0.name',
            problem: 'contains a NUL character',
          },
        ])
        assert.match(renderImportSummary(summary), /generic:order-completed:1: properties\.products\.0\.name/)
        const orders = await sql<{ n: number }>`select count(*)::int as n from orders`.execute(
          reel.database.db,
        )
        assert.equal(orders.rows[0]?.n, 2)
      } finally {
        await reel.close()
      }
    })
  })
}
