import { type Command, InvalidArgumentError, Option } from 'commander'
import {
  COUPON_STATES,
  type Coupon,
  type CouponState,
  type CouponTemplate,
  type Discount,
  templateInputSchema,
  type ViralReport,
} from '../coupons/index.js'
import { formatMoney, isoTime, positiveInt, renderTable } from './format.js'
import type { WithReel } from './with-reel.js'

function discountText(d: Discount): string {
  if (d.type === 'amount') return formatMoney([{ currency: d.currency, amount: d.amount }])
  const cap =
    d.maxDiscount === null ? '' : ` (max ${formatMoney([{ currency: d.currency, amount: d.maxDiscount }])})`
  return `${d.percent}%${cap}`
}

export function renderTemplates(templates: readonly CouponTemplate[]): string {
  return renderTable(
    ['id', 'name', 'kind', 'discount', 'min order', 'valid', 'gifts', 'auto'],
    templates.map((t) => [
      t.id,
      t.name,
      t.kind,
      discountText(t.discount),
      String(t.minOrder),
      [t.validDays ? `${t.validDays} days` : '', t.validUntil ? `until ${t.validUntil.slice(0, 10)}` : '']
        .filter(Boolean)
        .join(', '),
      t.giftable ? `${t.maxGiftHops} hop(s)` : 'no',
      t.autoIssue ? `${t.autoIssue} −${t.issueDaysBefore}d` : '',
    ]),
    new Set([4]),
  )
}

export function renderCoupons(coupons: readonly Coupon[]): string {
  return renderTable(
    ['code', 'kind', 'owner', 'state', 'discount', 'expires', 'gifts left', 'redeemed on'],
    coupons.map((c) => [
      c.code,
      c.kind,
      c.ownerId,
      c.state,
      discountText(c.discount),
      c.expiresAt.slice(0, 10),
      String(c.giftsLeft),
      c.redeemedOrderId ?? '',
    ]),
    new Set([6]),
  )
}

export function renderViral(report: ViralReport): string {
  const rows = [
    { label: 'all', ...report.total },
    ...report.byKind.map((k) => ({ label: k.kind, ...k })),
    ...report.byMonth.map((m) => ({ label: m.month, ...m })),
  ].map((f) => [
    f.label,
    String(f.giftsSent),
    String(f.claimed),
    String(f.declined),
    String(f.expired),
    String(f.cancelled),
    String(f.pending),
    String(f.givers),
    String(f.signUps),
    f.kFactor === null ? '-' : f.kFactor.toFixed(2),
    String(f.giftedOrders),
    formatMoney(f.revenue),
  ])
  return renderTable(
    [
      'slice',
      'sent',
      'claimed',
      'declined',
      'expired',
      'cancelled',
      'pending',
      'givers',
      'sign-ups',
      'K',
      'orders',
      'revenue',
    ],
    rows,
    new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
  )
}

function templateJson(value: string) {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (error) {
    throw new InvalidArgumentError(`not JSON: ${(error as Error).message}`)
  }
  const result = templateInputSchema.safeParse(parsed)
  if (!result.success)
    throw new InvalidArgumentError(
      result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    )
  return result.data
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

/** `reel coupons …`: templates, issuing, the wallet's coupons, viral figures, the ledger audit. */
export function registerCoupons(program: Command, withReel: WithReel): void {
  const coupons = program.command('coupons').description('coupon templates, coupons, gifts and their figures')

  coupons
    .command('templates')
    .description('list coupon templates')
    .option('--all', 'include archived templates')
    .option('--json', 'print JSON')
    .action((opts: { all?: boolean; json?: boolean }) =>
      withReel(async (reel) => {
        const templates = await reel.coupons.listTemplates({ includeArchived: opts.all ?? false })
        console.log(opts.json ? JSON.stringify(templates, null, 2) : renderTemplates(templates))
      }),
    )

  coupons
    .command('add-template <json>')
    .description(
      'create a template, e.g. \'{"name":"Birthday","kind":"birthday","discount":{"type":"percent","percent":15,"maxDiscount":20000,"currency":"KRW"},"validDays":30,"autoIssue":"birthday","issueDaysBefore":7}\'',
    )
    .action((json: string) =>
      withReel(async (reel) => {
        const template = await reel.coupons.createTemplate(templateJson(json))
        console.log(template.id)
      }),
    )

  coupons
    .command('issue')
    .description('issue a coupon of a template to members')
    .requiredOption('--template <id>', 'the template')
    .requiredOption('--customer <id>', 'a member (repeat for several)', collect)
    .option('--key <key>', 'idempotency key: issuing again with it issues nothing new')
    .action((opts: { template: string; customer: string[]; key?: string }) =>
      withReel(async (reel) => {
        const issued = await reel.coupons.issue({
          templateId: opts.template,
          customerIds: opts.customer,
          idempotencyKey: opts.key,
        })
        console.log(renderCoupons(issued))
      }),
    )

  coupons
    .command('list')
    .description('list coupons, newest first')
    .option('--customer <id>', "only this member's coupons")
    .addOption(new Option('--state <state>', 'only coupons in this state').choices(COUPON_STATES))
    .option('--limit <n>', 'coupons to list', positiveInt, 50)
    .option('--json', 'print JSON')
    .action((opts: { customer?: string; state?: CouponState; limit: number; json?: boolean }) =>
      withReel(async (reel) => {
        const page = await reel.coupons.listCoupons({
          ownerId: opts.customer,
          state: opts.state,
          limit: opts.limit,
        })
        console.log(opts.json ? JSON.stringify(page.coupons, null, 2) : renderCoupons(page.coupons))
      }),
    )

  coupons
    .command('figures')
    .description('viral figures of gifting: sent, claimed, sign-ups, K-factor, revenue; by kind and month')
    .option('--from <time>', 'gifts sent from (default 12 months before --to)', isoTime)
    .option('--to <time>', 'gifts sent before (default now)', isoTime)
    .option('--json', 'print JSON')
    .action((opts: { from?: Date; to?: Date; json?: boolean }) =>
      withReel(async (reel) => {
        const to = opts.to ?? new Date(reel.clock().getTime() + 1)
        const from = opts.from ?? new Date(to.getTime() - 365 * 86_400_000)
        const report = await reel.coupons.viral({ from, to })
        console.log(opts.json ? JSON.stringify(report, null, 2) : renderViral(report))
      }),
    )

  coupons
    .command('wallet-link <customer>')
    .description("print a link that opens a member's coupon wallet")
    .action((customer: string) =>
      withReel(async (reel) => console.log((await reel.coupons.createWalletLink(customer)).url)),
    )

  coupons
    .command('maintain')
    .description(
      'expire claims and coupons, issue birthday coupons, signal expiring ones (reel serve does this on its own)',
    )
    .option('--as-of <time>', 'as of this time (default now)', isoTime)
    .action((opts: { asOf?: Date }) =>
      withReel(async (reel) => console.log(JSON.stringify(await reel.coupons.runMaintenance(opts.asOf)))),
    )

  coupons
    .command('audit')
    .description("replay every coupon's ledger and list what breaks the rules (exit code 1 if anything does)")
    .action(() =>
      withReel(async (reel) => {
        const audit = await reel.coupons.audit()
        console.log(
          `${audit.coupons} coupons, ${audit.ledgerRows} ledger rows, ${audit.violations.length} violations`,
        )
        for (const v of audit.violations) console.log(`${v.couponId}: ${v.problem}`)
        if (audit.violations.length > 0) process.exitCode = 1
      }),
    )
}
