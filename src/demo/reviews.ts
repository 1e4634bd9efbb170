import type { OrderLine } from './messages.js'
import { trackMessage } from './messages.js'
import type { DemoShop } from './shop.js'
import { DAY, HOUR } from './time.js'

const RATINGS = [1, 2, 3, 4, 5] as const
/** Fashion reviews lean happy: most are 4-5 stars, one in ten is 1-2. */
const RATING_WEIGHTS = [5, 7, 10, 24, 54]

const BODIES: Record<number, readonly string[]> = {
  1: ['품질이 너무 실망스러워요', '사진과 완전히 달라요', '한 번 빨았는데 늘어났어요'],
  2: ['사이즈가 생각보다 작아요', '색이 사진과 달라요', '배송이 너무 늦었어요'],
  3: ['가격 대비 무난해요', '보통이에요'],
  4: ['예쁘고 편해요', '재구매 의사 있어요', '핏이 좋아요'],
  5: ['딱 원하던 스타일이에요!', '배송도 빠르고 너무 예뻐요', '최고예요, 색깔별로 샀어요'],
}

/**
 * Plans a review of one product of a delivered order, 5 to 20 days after payment.
 * Some shops send the rating as text ("2"), so one review in five does.
 */
export function planReview(
  shop: DemoShop,
  userId: string,
  orderId: string,
  line: OrderLine,
  paidAt: number,
): void {
  const r = shop.random
  const rating = r.weighted(RATINGS, RATING_WEIGHTS)
  const at = paidAt + r.int(5, 20) * DAY + r.int(0, 23) * HOUR
  shop.agenda.plan(
    at,
    trackMessage({ userId }, at, 'Product Reviewed', {
      product_id: line.product_id,
      order_id: orderId,
      review_id: shop.nextId('review'),
      rating: r.chance(0.2) ? String(rating) : rating,
      review_body: r.pick(BODIES[rating] ?? ['']),
    }),
  )
}
