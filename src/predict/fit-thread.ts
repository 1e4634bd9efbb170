/**
 * The worker-thread entry of a shop's fit: a fit on a large shop takes tens of seconds of arithmetic, which
 * on the server's thread would stall every request meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { fitShop, type ShopFitOptions, type ShopPurchaseDay } from './shop-model.js'

const { purchases, options } = workerData as { purchases: ShopPurchaseDay[]; options: ShopFitOptions }
try {
  parentPort?.postMessage({ ok: true, fit: fitShop(purchases, options) })
} catch (error) {
  parentPort?.postMessage({ ok: false, message: (error as Error).message })
}
