export { ordersMigrations } from './migrations.js'
export { ordersProjection } from './projection.js'
export {
  completedOrderSince,
  completedOrderValues,
  countOrdersAndCarts,
  isCartStillOpen,
  type OrderTotals,
  openCartsOfCustomer,
  ordersInWindows,
  ordersOfCustomer,
  orderTotalsFor,
} from './queries.js'
