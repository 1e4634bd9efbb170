export { ordersMigrations } from './migrations.js'
export { ordersProjection } from './projection.js'
export {
  countOrdersAndCarts,
  type OrderTotals,
  openCartsOfCustomer,
  ordersOfCustomer,
  orderTotalsFor,
} from './queries.js'
