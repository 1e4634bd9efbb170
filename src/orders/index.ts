export { ordersMigrations } from './migrations.js'
export { ordersProjection } from './projection.js'
export {
  buyersOfOrders,
  completedOrdersInWindows,
  completedOrdersOf,
  completedOrderValues,
  countOrdersAndCarts,
  type OrderTotals,
  openCartsByIds,
  openCartsOfCustomer,
  ordersByIds,
  ordersInWindows,
  ordersOfCustomer,
  ordersWithIds,
  orderTotalsFor,
  type PurchaseDay,
  purchaseDays,
  type ShippedOrder,
} from './queries.js'
