export { ordersMigrations } from './migrations.js'
export { ordersProjection } from './projection.js'
export {
  completedOrderValues,
  countOrdersAndCarts,
  type OrderTotals,
  openCartsOfCustomer,
  ordersOfCustomer,
  orderTotalsFor,
} from './queries.js'
