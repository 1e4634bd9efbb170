/**
 * The builder's form state and its translation to and from the API's campaign. Numbers stay the text the
 * marketer typed until they are sent: an empty one is left out (the API's default applies, or the API says
 * it is needed), and nothing is refused here that the API would take.
 */
import {
  type Campaign,
  type CampaignInput,
  type Channel,
  type EventRule,
  PROFILE_FIELDS,
  type ProfileRule,
  type RuleValue,
  type Step,
} from './api'

export interface RuleDraft {
  key: number
  /** A profile field (audience, segment) or an event property (event trigger). */
  name: string
  op: string
  value: string
}

export interface StepDraft {
  key: number
  type: Step['type']
  channel: Channel
  template: string
  messageType: string
  /** Kept from the campaign being edited: the builder does not pick coupons. */
  couponTemplateId: string | null
  hours: string
  check: string
}

export interface Draft {
  name: string
  triggerType: 'signal' | 'event' | 'segment'
  kind: string
  event: string
  where: RuleDraft[]
  maxAgeHours: string
  segmentRules: RuleDraft[]
  everyHours: string
  reenterAfterDays: string
  audience: RuleDraft[]
  /** Kept from the campaign being edited: aiming by an uplift model is set through the API. */
  targeting: { upliftModel: string | null; topShare: number } | null
  steps: StepDraft[]
  holdoutShare: string
  goalDays: string
  quietHours: 'hold' | 'skip'
  perChannelPerDay: string
  perChannelPerWeek: string
  globalPerWeek: string
}

let nextKey = 1
/** A key for a list row that React keeps across reorderings. */
export const newKey = () => nextKey++

export const emptyRule = (name: string): RuleDraft => ({ key: newKey(), name, op: '=', value: '' })

export function newStep(type: Step['type'] = 'send'): StepDraft {
  return {
    key: newKey(),
    type,
    channel: 'email',
    template: '',
    messageType: 'marketing',
    couponTemplateId: null,
    hours: '24',
    check: 'cart_still_abandoned',
  }
}

/** A new campaign as the starter set writes them: the API's defaults, filled in to be seen. */
export function newDraft(): Draft {
  return {
    name: '',
    triggerType: 'signal',
    kind: 'cart_abandoned',
    event: '',
    where: [],
    maxAgeHours: '72',
    segmentRules: [emptyRule('orders_count')],
    everyHours: '24',
    reenterAfterDays: '',
    audience: [],
    targeting: null,
    steps: [newStep()],
    holdoutShare: '0.1',
    goalDays: '7',
    quietHours: 'hold',
    perChannelPerDay: '1',
    perChannelPerWeek: '',
    globalPerWeek: '3',
  }
}

/** The number typed, or undefined when empty; text that is no number goes as it is, for the API to name. */
function number(text: string): number | string | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  const n = Number(trimmed)
  return Number.isFinite(n) ? n : trimmed
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

/** A profile rule's value as its field holds it; a field the API does not know gets the text. */
function profileValue(field: string, text: string): RuleValue {
  const kind = PROFILE_FIELDS[field as keyof typeof PROFILE_FIELDS]
  if (kind === 'number') return number(text) ?? text
  if (kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : text
  return text
}

/** An event property may hold any JSON value: a number-looking text goes as a number, true/false as yes/no. */
function eventValue(text: string): RuleValue {
  if (text === 'true') return true
  if (text === 'false') return false
  const n = number(text)
  return typeof n === 'number' ? n : text
}

const profileRules = (rules: RuleDraft[]): ProfileRule[] =>
  rules.map((r) => ({ field: r.name, op: r.op, value: profileValue(r.name, r.value) }))

function stepOf(s: StepDraft): Step {
  if (s.type === 'wait') return { type: 'wait', hours: number(s.hours) as number }
  if (s.type === 'condition') return { type: 'condition', check: s.check }
  return {
    type: 'send',
    channel: s.channel,
    template: s.template,
    messageType: s.messageType,
    couponTemplateId: s.couponTemplateId,
  }
}

/** The request body; the casts let through what the API alone should refuse (a text where a number goes). */
export function inputOf(d: Draft): CampaignInput {
  const maxAgeHours = number(d.maxAgeHours) as number | undefined
  const trigger: CampaignInput['trigger'] =
    d.triggerType === 'signal'
      ? defined({ type: 'signal', kind: d.kind, maxAgeHours })
      : d.triggerType === 'event'
        ? defined({
            type: 'event',
            event: d.event,
            where: d.where.map(
              (r): EventRule => ({ property: r.name, op: r.op, value: eventValue(r.value) }),
            ),
            maxAgeHours,
          })
        : defined({
            type: 'segment',
            rules: profileRules(d.segmentRules),
            everyHours: number(d.everyHours) as number | undefined,
            reenterAfterDays: (number(d.reenterAfterDays) as number | undefined) ?? null,
          })
  const audience = profileRules(d.audience)
  return defined({
    name: d.name,
    trigger,
    audience: d.targeting ? { rules: audience, ...d.targeting } : audience,
    steps: d.steps.map(stepOf),
    holdoutShare: number(d.holdoutShare) as number | undefined,
    goalDays: number(d.goalDays) as number | undefined,
    quietHours: d.quietHours,
    caps: defined({
      perChannelPerDay: number(d.perChannelPerDay) as number | undefined,
      perChannelPerWeek: number(d.perChannelPerWeek) as number | undefined,
      globalPerWeek: number(d.globalPerWeek) as number | undefined,
    }),
  })
}

const text = (n: number | null | undefined) => (n === undefined || n === null ? '' : String(n))
const ruleDrafts = (rules: { name: string; op: string; value: RuleValue }[]): RuleDraft[] =>
  rules.map((r) => ({ key: newKey(), name: r.name, op: r.op, value: String(r.value) }))
const fromProfile = (rules: ProfileRule[]) => ruleDrafts(rules.map((r) => ({ ...r, name: r.field })))

/** The form of a stored campaign, for editing it. */
export function draftOf(c: Campaign): Draft {
  const base = newDraft()
  const t = c.trigger
  const audienceRules = Array.isArray(c.audience) ? c.audience : c.audience.rules
  return {
    ...base,
    name: c.name,
    triggerType: t.type,
    kind: t.type === 'signal' ? t.kind : base.kind,
    event: t.type === 'event' ? t.event : '',
    where: t.type === 'event' ? ruleDrafts(t.where.map((r) => ({ ...r, name: r.property }))) : [],
    maxAgeHours: t.type === 'segment' ? base.maxAgeHours : text(t.maxAgeHours),
    segmentRules: t.type === 'segment' ? fromProfile(t.rules) : base.segmentRules,
    everyHours: t.type === 'segment' ? text(t.everyHours) : base.everyHours,
    reenterAfterDays: t.type === 'segment' ? text(t.reenterAfterDays) : '',
    audience: fromProfile(audienceRules),
    targeting: Array.isArray(c.audience)
      ? null
      : { upliftModel: c.audience.upliftModel, topShare: c.audience.topShare },
    steps: c.steps.map((s) => ({
      ...newStep(s.type),
      ...(s.type === 'wait' ? { hours: String(s.hours) } : {}),
      ...(s.type === 'condition' ? { check: s.check } : {}),
      ...(s.type === 'send'
        ? {
            channel: s.channel,
            template: s.template,
            messageType: s.messageType ?? 'marketing',
            couponTemplateId: s.couponTemplateId ?? null,
          }
        : {}),
    })),
    holdoutShare: String(c.holdoutShare),
    goalDays: String(c.goalDays),
    quietHours: c.quietHours,
    perChannelPerDay: text(c.caps.perChannelPerDay),
    perChannelPerWeek: text(c.caps.perChannelPerWeek),
    globalPerWeek: text(c.caps.globalPerWeek),
  }
}
