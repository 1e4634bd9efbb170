import { z } from 'zod'

/** Channels a send step can use (the channels module's names). */
export const SEND_CHANNELS = ['email', 'sms', 'messenger', 'webhook', 'log'] as const
export const MESSAGE_TYPES = ['marketing', 'order_updates'] as const

/** What a condition step checks before the flow goes on; when false, the customer leaves the flow. */
export const CONDITIONS = ['cart_still_abandoned', 'no_order_since_enrolment', 'coupon_still_unused'] as const
export type Condition = (typeof CONDITIONS)[number]

export const stepSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('wait'),
    hours: z
      .number()
      .positive()
      .max(24 * 365),
  }),
  z.object({ type: z.literal('condition'), check: z.enum(CONDITIONS) }),
  z.object({
    type: z.literal('send'),
    channel: z.enum(SEND_CHANNELS),
    /** A message template's name; the customer's locale picks the variant. */
    template: z.string().min(1),
    messageType: z.enum(MESSAGE_TYPES).default('marketing'),
    /** Issue a coupon of this template with the message (once per enrolment). */
    couponTemplateId: z.string().min(1).nullable().default(null),
  }),
])
export type Step = z.infer<typeof stepSchema>

/** What the flow needs to know about the customer when a step comes due. */
export interface Facts {
  /** A completed order since the customer entered the flow: the goal. */
  orderedSinceEnrolment: boolean
  cartStillAbandoned: boolean
  couponStillUnused: boolean
}

/** What to do at the current step. */
export type Move =
  | { kind: 'goal_met' }
  | { kind: 'finished' }
  | { kind: 'wait'; until: Date }
  | { kind: 'exit'; reason: `condition_failed:${Condition}` }
  | { kind: 'send'; step: Extract<Step, { type: 'send' }> }
  | { kind: 'next' }

function holds(check: Condition, facts: Facts): boolean {
  if (check === 'cart_still_abandoned') return facts.cartStillAbandoned
  if (check === 'no_order_since_enrolment') return !facts.orderedSinceEnrolment
  return facts.couponStillUnused
}

/**
 * The move for an enrolment at step `index` (0-based) at time `now`. Pure: the runner does the I/O.
 * A customer who reached the goal leaves before anything else is sent; a wait ends `hours` after it began.
 */
export function nextMove(
  steps: readonly Step[],
  index: number,
  facts: Facts,
  now: Date,
  stepStartedAt: Date,
): Move {
  if (facts.orderedSinceEnrolment) return { kind: 'goal_met' }
  const step = steps[index]
  if (!step) return { kind: 'finished' }
  if (step.type === 'wait') {
    const until = new Date(stepStartedAt.getTime() + step.hours * 3_600_000)
    return until.getTime() > now.getTime() ? { kind: 'wait', until } : { kind: 'next' }
  }
  if (step.type === 'condition')
    return holds(step.check, facts)
      ? { kind: 'next' }
      : { kind: 'exit', reason: `condition_failed:${step.check}` }
  return { kind: 'send', step }
}
