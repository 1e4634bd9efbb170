import type { RawMessage } from '../events/message.js'
import type { CsvTable } from './csv.js'
import { parseShopTime } from './local-time.js'
import { trackMessage } from './messages.js'
import type { SkipLog } from './skips.js'
import { isBlank } from './values.js'

/** What a review needs from its order: who wrote it and which product it most likely rates. */
export interface ReviewedOrder {
  userId: string
  /** The product of the order's first item; Olist reviews rate the order, not a product. */
  firstProductId?: string
}

/** Turns Olist reviews into `Product Reviewed` events of the order's customer. */
export function olistReviewEvents(
  reviews: CsvTable | undefined,
  orders: Map<string, ReviewedOrder>,
  orderIdsInFile: Set<string>,
  timeZone: string,
  skipped: SkipLog,
): RawMessage[] {
  if (!reviews) return []
  const events: RawMessage[] = []
  for (const { line, fields } of reviews.rows) {
    const skip = (reason: string) => skipped.add(reviews.file, line, reason)
    const reviewId = fields.review_id ?? ''
    const orderId = fields.order_id ?? ''
    const order = orders.get(orderId)
    if (isBlank(reviewId)) skip('review_id is empty')
    else if (!order)
      skip(orderIdsInFile.has(orderId) ? 'the reviewed order was skipped' : 'order_id not in the orders file')
    else {
      const rating = Number((fields.review_score ?? '').trim())
      const timestamp = parseShopTime(fields.review_creation_date ?? '', timeZone)
      if (!Number.isInteger(rating) || rating < 1 || rating > 5)
        skip('review_score is not a whole number from 1 to 5')
      else if (!timestamp) skip('review_creation_date is not a date')
      else {
        const body = reviewBody(fields.review_comment_title, fields.review_comment_message)
        events.push(
          trackMessage({
            // Olist reuses some review_ids across orders, so the order is part of the id.
            messageId: `olist:product-reviewed:${reviewId}:${orderId}`,
            event: 'Product Reviewed',
            person: { userId: order.userId },
            timestamp,
            properties: {
              review_id: reviewId,
              order_id: orderId,
              ...(order.firstProductId && { product_id: order.firstProductId }),
              rating,
              ...(body && { review_body: body }),
            },
          }),
        )
      }
    }
  }
  return events
}

/** Title and message on separate lines; Windows line breaks inside the text become plain ones. */
export function reviewBody(title: string | undefined, message: string | undefined): string | undefined {
  const parts = [title, message]
    .filter((part): part is string => !isBlank(part))
    .map((part) => part.replace(/\r\n?/g, '\n').trim())
    .filter((part) => part !== '')
  return parts.length > 0 ? parts.join('\n') : undefined
}
