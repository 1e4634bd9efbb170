import type { FastifyPluginAsync } from 'fastify'
import type { Reel } from '../app.js'
import { countProducts } from '../catalog/index.js'
import { boundQueries } from '../db/index.js'
import {
  addWriteKey,
  countEvents,
  customerTimeline,
  listEvents,
  listQuarantine,
  listWriteKeys,
  revokeWriteKey,
} from '../events/index.js'
import { countOrdersAndCarts, openCartsOfCustomer, ordersOfCustomer } from '../orders/index.js'
import { countCustomers, getCustomer, listCustomers } from '../profiles/index.js'
import { authenticateAdmin } from './admin-auth.js'
import { adminRoutes } from './admin-routes.js'
import { campaignRoutes } from './campaign-routes.js'
import { connectorAdminRoutes } from './connector-admin-routes.js'
import { couponRoutes } from './coupon-routes.js'
import { customerAdminRoutes } from './customer-admin-routes.js'
import { messageRoutes } from './message-routes.js'
import { predictRoutes } from './predict-routes.js'
import { programReportRoutes } from './program-report-routes.js'
import { radarRoutes } from './radar-routes.js'
import { readAfter } from './read-after.js'
import { recsRoutes } from './recs-routes.js'
import { privateJsonHeaders, refuseUndeclaredQuery } from './request-guards.js'
import { settingsRoutes } from './settings-routes.js'
import { shippingRoutes } from './shipping-routes.js'
import { templateRoutes } from './template-routes.js'
import { userRoutes } from './user-routes.js'
import { writeKeyRoutes } from './write-key-routes.js'

/**
 * The admin API's part of the composition root: the hooks of its scope (who may call it, read-after, no
 * undeclared query), then its route plugins, each given the services it uses. Registered under /api/v1.
 */
export function adminApi(reel: Reel): FastifyPluginAsync {
  const db = reel.database.db
  return async (app) => {
    app.decorateRequest('adminCaller', '')
    app.addHook('onRequest', privateJsonHeaders)
    app.addHook('onRequest', authenticateAdmin(reel))
    app.addHook('preValidation', readAfter(reel.projector))
    app.addHook('preValidation', refuseUndeclaredQuery)
    await app.register(radarRoutes, { radar: reel.radar, clock: reel.clock })
    await app.register(couponRoutes, { coupons: reel.coupons, clock: reel.clock })
    await app.register(customerAdminRoutes, {
      customers: boundQueries(db, { listCustomers, getCustomer }),
      consent: reel.consent,
    })
    await app.register(recsRoutes, { recommendations: reel.recommendations })
    await app.register(shippingRoutes, {
      shipping: reel.shipping,
      clock: reel.clock,
      publicUrl: reel.config.coupons.publicUrl,
    })
    await app.register(predictRoutes, { predictions: reel.predictions, valueBy: reel.config.radar.valueBy })
    await app.register(campaignRoutes, { campaigns: reel.campaigns })
    await app.register(programReportRoutes, { campaigns: reel.campaigns, clock: reel.clock })
    await app.register(templateRoutes, { templates: reel.templates, preview: reel.previewTemplate })
    await app.register(messageRoutes, { channels: reel.channels })
    await app.register(writeKeyRoutes, {
      writeKeys: boundQueries(db, { addWriteKey, listWriteKeys, revokeWriteKey }),
    })
    await app.register(connectorAdminRoutes, {
      connectors: reel.connectors,
      privacy: reel.privacy,
      publicUrl: () => reel.config.coupons.publicUrl,
    })
    await app.register(settingsRoutes, { config: reel.config })
    await app.register(userRoutes, { users: reel.users })
    await app.register(adminRoutes, {
      reads: boundQueries(db, {
        countEvents,
        countCustomers,
        countOrdersAndCarts,
        countProducts,
        listEvents,
        listQuarantine,
        customerTimeline,
        getCustomer,
        ordersOfCustomer,
        openCartsOfCustomer,
      }),
      radar: reel.radar,
      coupons: reel.coupons,
      predictions: reel.predictions,
    })
  }
}
