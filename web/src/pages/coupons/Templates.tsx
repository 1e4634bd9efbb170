import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { type Format, useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { useSession } from '../../session'
import { Loaded, Table } from '../common'
import { couponsApi, TEMPLATES_KEY, type Template, type TemplateFigures } from './api'
import { discountText } from './discount'
import { type CouponStrings, strings } from './strings'
import { TemplateForm } from './TemplateForm'

const NO_COUPONS: Omit<TemplateFigures, 'templateId'> = {
  issued: 0,
  active: 0,
  redeemed: 0,
  expired: 0,
  voided: 0,
  gifted: 0,
}

function validityText(t: Template, s: CouponStrings, f: Format): string {
  return [t.validDays === null ? null : s.days(t.validDays), t.validUntil && s.until(f.date(t.validUntil))]
    .filter(Boolean)
    .join(', ')
}

/** Every template (archived ones too) with the counts of its coupons, from one grouped query each. */
export function Templates() {
  const s = useStrings(strings)
  const f = useFormat()
  const { can } = useSession()
  const templates = useQuery({
    queryKey: [...TEMPLATES_KEY, 'list'],
    queryFn: async () => {
      const [list, figures] = await Promise.all([couponsApi.templates(), couponsApi.templateFigures()])
      const byId = new Map(figures.templates.map((c) => [c.templateId, c]))
      return list.templates.map((t) => ({ ...t, counts: byId.get(t.id) ?? NO_COUPONS }))
    },
  })
  const mayChange = can('marketer')
  return (
    <section aria-labelledby="coupon-templates">
      <h2 id="coupon-templates">{s.templates}</h2>
      <Loaded query={templates}>
        {(rows) =>
          rows.length === 0 ? (
            <p>{s.noTemplates}</p>
          ) : (
            <Table
              caption={s.templatesCaption}
              rows={rows}
              rowKey={(t) => t.id}
              columns={[
                { label: s.name, cell: (t) => t.name, rowHeader: true },
                { label: s.kind, cell: (t) => s.kinds[t.kind] ?? t.kind },
                { label: s.discount, cell: (t) => discountText(t.discount, s, f) },
                { label: s.validity, cell: (t) => validityText(t, s, f) },
                { label: s.state, cell: (t) => (t.archivedAt ? s.archived : s.active) },
                { label: s.issued, cell: (t) => f.count(t.counts.issued), className: 'number' },
                { label: s.redeemed, cell: (t) => f.count(t.counts.redeemed), className: 'number' },
                { label: s.expired, cell: (t) => f.count(t.counts.expired), className: 'number' },
                { label: s.gifted, cell: (t) => f.count(t.counts.gifted), className: 'number' },
                ...(mayChange
                  ? [
                      {
                        label: s.actions,
                        cell: (t: Template) => (t.archivedAt ? null : <ArchiveButton template={t} />),
                      },
                    ]
                  : []),
              ]}
            />
          )
        }
      </Loaded>
      {mayChange && <TemplateForm />}
    </section>
  )
}

/** Archive, then a confirm step in place (the first press changes nothing). */
function ArchiveButton({ template }: { template: Template }) {
  const s = useStrings(strings)
  const client = useQueryClient()
  const [asking, setAsking] = useState(false)
  const confirm = useRef<HTMLButtonElement>(null)
  const archive = useMutation({
    mutationFn: () => couponsApi.archiveTemplate(template.id),
    onSuccess: () => client.invalidateQueries({ queryKey: TEMPLATES_KEY }),
  })
  useEffect(() => {
    if (asking) confirm.current?.focus()
  }, [asking])
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)} aria-label={`${s.archive}: ${template.name}`}>
        {s.archive}
      </button>
    )
  return (
    <div className="archive-confirm">
      <p>{s.archiveConfirm(template.name)}</p>
      <button ref={confirm} type="button" disabled={archive.isPending} onClick={() => archive.mutate()}>
        {s.confirmArchive}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        {s.cancel}
      </button>
      {archive.isError && (
        <p role="alert" className="error">
          {archive.error.message}
        </p>
      )}
    </div>
  )
}
