import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { RawMessage } from '../events/index.js'
import { engines } from '../test-support/engines.js'

// Each batch from a sender of its own (as two carrier deliveries are), so no profile lock orders them.
const scan = (shipment: string, status: string, hour: number): RawMessage => ({
  type: 'track',
  event: 'Shipment Updated',
  anonymousId: `carrier-${status}-${shipment}`,
  messageId: `${shipment}-${status}`,
  timestamp: new Date(Date.UTC(2026, 10, 2, hour)).toISOString(),
  properties: { order_id: `order-${shipment}`, shipment_id: shipment, status },
})

for (const engine of engines) {
  describe(`shipments under concurrent batches (${engine.name})`, { skip: engine.skip }, () => {
    test("two batches at once with a new shipment's first scans keep both: the later status wins", async () => {
      const reel = await engine.start()
      try {
        const ids = Array.from({ length: 20 }, (_, i) => `s${i}`)
        await Promise.all([
          reel.ingestor.ingest(ids.map((id) => scan(id, 'delivered', 12))),
          reel.ingestor.ingest(ids.map((id) => scan(id, 'in_transit', 8))),
        ])
        const shipments = await reel.shipping.list({ limit: 100 })
        assert.equal(shipments.length, 20)
        for (const s of shipments) {
          assert.equal(s.status, 'delivered', s.shipmentId)
          assert.equal(s.shippedAt, Date.UTC(2026, 10, 2, 8), `${s.shipmentId}: the handover scan kept`)
        }
      } finally {
        await reel.close()
      }
    })
  })
}
