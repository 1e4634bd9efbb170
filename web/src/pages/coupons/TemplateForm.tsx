import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, type ReactNode, useId, useState } from 'react'
import { ApiError } from '../../api'
import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { COUPON_KINDS, type CouponKind, couponsApi, TEMPLATES_KEY, type TemplateInput } from './api'
import { strings } from './strings'

type FieldName =
  | 'name'
  | 'kind'
  | 'type'
  | 'value'
  | 'currency'
  | 'maxDiscount'
  | 'minOrder'
  | 'validDays'
  | 'validUntil'
  | 'giftable'
  | 'maxGiftHops'

type Draft = Record<Exclude<FieldName, 'giftable'>, string> & { giftable: boolean }

/** The input an API field error belongs to (`body.discount.percent` is the value input). */
function inputOf(apiField: string): FieldName | null {
  const path = apiField.replace(/^body\.?/, '')
  if (path === 'discount' || path === 'discount.amount' || path === 'discount.percent') return 'value'
  if (path === 'discount.type') return 'type'
  const name = path.replace(/^discount\./, '')
  return FIELDS.includes(name as FieldName) ? (name as FieldName) : null
}

const FIELDS: FieldName[] = [
  'name',
  'kind',
  'type',
  'value',
  'currency',
  'maxDiscount',
  'minOrder',
  'validDays',
  'validUntil',
  'giftable',
  'maxGiftHops',
]

/** An empty box is "not given"; anything else goes as typed, for the API to judge (and name when wrong). */
const numberOf = (text: string) => (text.trim() === '' ? null : Number(text.replace(/,/g, '')))

/** The last moment of the day picked, where the reader is; what is not a day goes as typed, for the API to name. */
function endOfDay(day: string): string | null {
  if (day === '') return null
  const end = new Date(`${day}T23:59:59`)
  return Number.isNaN(end.getTime()) ? day : end.toISOString()
}

function inputFrom(d: Draft): TemplateInput {
  const value = numberOf(d.value)
  const currency = d.currency.trim().toUpperCase()
  return {
    name: d.name.trim(),
    kind: d.kind as CouponKind,
    discount:
      d.type === 'amount'
        ? { type: 'amount', amount: value, currency }
        : {
            type: 'percent',
            percent: value,
            maxDiscount: numberOf(d.maxDiscount),
            currency: currency || null,
          },
    minOrder: numberOf(d.minOrder) ?? 0,
    validDays: numberOf(d.validDays),
    validUntil: endOfDay(d.validUntil.trim()),
    giftable: d.giftable,
    maxGiftHops: numberOf(d.maxGiftHops),
  }
}

/** A new coupon template; the API's field errors are shown at their inputs and summed up above them. */
export function TemplateForm() {
  const s = useStrings(strings)
  const f = useFormat()
  const client = useQueryClient()
  const id = useId()
  const blank: Draft = {
    name: '',
    kind: 'welcome',
    type: 'amount',
    value: '',
    currency: f.shop.currency ?? '',
    maxDiscount: '',
    minOrder: '0',
    validDays: '30',
    validUntil: '',
    giftable: true,
    maxGiftHops: '1',
  }
  const [draft, setDraft] = useState<Draft>(blank)
  const create = useMutation({
    mutationFn: couponsApi.createTemplate,
    onSuccess: async () => {
      setDraft(blank)
      await client.invalidateQueries({ queryKey: TEMPLATES_KEY })
    },
  })
  const error = create.error
  const problems = error instanceof ApiError ? error.details : []
  const problemOf = (name: FieldName) =>
    problems
      .filter((p) => inputOf(p.field) === name)
      .map((p) => p.problem)
      .join('; ')
  const labels: Record<FieldName, string> = {
    name: s.name,
    kind: s.kind,
    type: s.discountType,
    value: s.value,
    currency: s.currency,
    maxDiscount: s.maxDiscount,
    minOrder: s.minOrder,
    validDays: s.validDays,
    validUntil: s.validUntil,
    giftable: s.giftable,
    maxGiftHops: s.maxGiftHops,
  }
  const set = (name: FieldName) => (value: string | boolean) => setDraft((d) => ({ ...d, [name]: value }))
  const field = (name: FieldName, control: (props: ControlProps) => ReactNode) => (
    <Field key={name} id={`${id}-${name}`} label={labels[name]} problem={problemOf(name)}>
      {control}
    </Field>
  )
  // Numbers in text boxes with a number keypad: what was typed reaches the API as typed, to be judged there.
  const text = (name: Exclude<FieldName, 'giftable'>, inputMode?: 'decimal' | 'numeric', type = 'text') =>
    field(name, (props) => (
      <input
        {...props}
        type={type}
        inputMode={inputMode}
        value={draft[name]}
        onChange={(e) => set(name)(e.target.value)}
      />
    ))
  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate(inputFrom(draft))
  }
  return (
    <details className="template-form">
      <summary>{s.newTemplate}</summary>
      {/* noValidate: the API judges every value and names what is wrong, in one place for every client. */}
      <form onSubmit={submit} noValidate aria-label={s.newTemplate}>
        {error && (
          <div role="alert" className="error form-errors">
            <p>{s.notSaved}</p>
            <ul>
              {problems.length === 0 ? (
                <li>{error.message}</li>
              ) : (
                problems.map((p) => {
                  const input = inputOf(p.field)
                  return (
                    <li key={`${p.field}-${p.problem}`}>
                      {input ? <a href={`#${id}-${input}`}>{labels[input]}</a> : p.field}: {p.problem}
                    </li>
                  )
                })
              )}
            </ul>
          </div>
        )}
        {create.isSuccess && !create.isPending && <p role="status">{s.created(create.data.name)}</p>}
        <div className="form-grid">
          {text('name')}
          {field('kind', (props) => (
            <select {...props} value={draft.kind} onChange={(e) => set('kind')(e.target.value)}>
              {COUPON_KINDS.map((k) => (
                <option key={k} value={k}>
                  {s.kinds[k]}
                </option>
              ))}
            </select>
          ))}
          {field('type', (props) => (
            <select {...props} value={draft.type} onChange={(e) => set('type')(e.target.value)}>
              <option value="amount">{s.amountOff}</option>
              <option value="percent">{s.percentType}</option>
            </select>
          ))}
          {text('value', 'decimal')}
          {text('currency')}
          {draft.type === 'percent' && text('maxDiscount', 'decimal')}
          {text('minOrder', 'decimal')}
          {text('validDays', 'numeric')}
          {text('validUntil', undefined, 'date')}
          {field('giftable', (props) => (
            <input
              {...props}
              type="checkbox"
              checked={draft.giftable}
              onChange={(e) => set('giftable')(e.target.checked)}
            />
          ))}
          {draft.giftable && text('maxGiftHops', 'numeric')}
        </div>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? s.creating : s.create}
        </button>
      </form>
    </details>
  )
}

interface ControlProps {
  id: string
  'aria-invalid': boolean | undefined
  'aria-describedby': string | undefined
}

function Field({
  id,
  label,
  problem,
  children,
}: {
  id: string
  label: string
  problem: string
  children: (props: ControlProps) => ReactNode
}) {
  const problemId = `${id}-problem`
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': problem ? true : undefined,
        'aria-describedby': problem ? problemId : undefined,
      })}
      {problem && (
        <span id={problemId} className="field-error">
          {problem}
        </span>
      )}
    </div>
  )
}
