import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { ExperimentUnit } from '../stats/index.js'
import {
  DEFAULT_LEARNER,
  type LearnerName,
  loadUpliftModel,
  type SerializedUpliftModel,
  serialiseUpliftModel,
  trainUplift,
  type UpliftModel,
} from '../uplift/index.js'
import type { CampaignsTables } from './migrations.js'
import { exposedUnits, groupBy, type ReportMoney, type ReportReaders } from './report-units.js'
import { scoreQuantiles } from './targeting.js'
import { customerFeatures, FEATURE_NAMES } from './uplift-features.js'

/** A stored uplift model as the API shows it (without its fitted parameters). */
export interface UpliftModelView {
  id: string
  campaignId: string
  learner: LearnerName
  featureNames: string[]
  /** Exposed customers it was trained on. */
  rows: number
  /** Its scores' quantiles on those customers (0, 1%, …, 100%): a top share's threshold. */
  scoreQuantiles: number[]
  createdAt: string
}

type ModelRow = CampaignsTables['campaign_uplift_models']

const toView = (r: ModelRow): UpliftModelView => ({
  id: r.id,
  campaignId: r.campaign_id,
  learner: r.learner,
  featureNames: r.feature_names,
  rows: r.rows,
  scoreQuantiles: r.score_quantiles.map(Number),
  createdAt: r.created_at.toISOString(),
})

/**
 * Each customer's features at a moment, from their completed orders up to then (the orders module, one
 * statement for the lot).
 */
export async function featuresAt(
  db: AnyDb,
  readers: Pick<ReportReaders, 'completedOrdersInWindows'>,
  items: ReadonlyArray<{ customerId: string; at: Date }>,
): Promise<number[][]> {
  const orders = await readers.completedOrdersInWindows(
    db,
    items.map((item, i) => ({ key: String(i), customerId: item.customerId, from: new Date(0), to: item.at })),
  )
  const byKey = groupBy(orders, (o) => o.key)
  return items.map((item, i) =>
    customerFeatures(
      (byKey.get(String(i)) ?? []).map((o) => ({ at: o.completedAt, value: o.value })),
      item.at,
    ),
  )
}

/**
 * The training data of a campaign: each exposed customer's features at exposure, arm and conversion (and
 * their report unit, for the value of targeting).
 */
export async function campaignTrainingData(
  db: AnyDb,
  campaign: { id: string; goalDays: number },
  now: Date,
  readers: ReportReaders,
  money: ReportMoney,
) {
  const rows: number[][] = []
  const treatment: number[] = []
  const outcome: number[] = []
  const customers: string[] = []
  const units: ExperimentUnit[] = []
  for await (const page of exposedUnits(db, campaign, now, readers, money)) {
    rows.push(
      ...(await featuresAt(
        db,
        readers,
        page.map((u) => ({ customerId: u.customerId, at: u.exposedAt })),
      )),
    )
    for (const u of page) {
      treatment.push(u.arm === 'treatment' ? 1 : 0)
      outcome.push(u.orders > 0 ? 1 : 0)
      customers.push(u.customerId)
      units.push({
        arm: u.arm,
        orders: u.orders,
        revenue: u.revenue,
        discount: u.discount,
        messageCost: u.messageCost,
        preSpend: u.preSpend,
      })
    }
  }
  return { featureNames: [...FEATURE_NAMES], rows, treatment, outcome, customers, units }
}

/**
 * Trains a model on a campaign's exposures and outcomes (conversion in the goal window) and stores it.
 * Throws a RangeError (naming what is missing) when the campaign has no treated or no held-out customer.
 */
export async function trainCampaignModel(
  db: AnyDb,
  campaign: { id: string; goalDays: number },
  now: Date,
  readers: ReportReaders,
  money: ReportMoney,
  options: { learner?: LearnerName | undefined; seed: number },
): Promise<UpliftModelView> {
  const data = await campaignTrainingData(db, campaign, now, readers, money)
  const model = trainUplift(data, { learner: options.learner ?? DEFAULT_LEARNER, seed: options.seed })
  const quantiles = scoreQuantiles(data.rows.map((row) => model.predict(row)))
  const result = await sql<ModelRow>`
    insert into campaign_uplift_models (id, campaign_id, learner, feature_names, model, score_quantiles, rows,
      created_at)
    values (${`upm_${randomBytes(9).toString('base64url')}`}, ${campaign.id}, ${model.learner},
      ${JSON.stringify(model.featureNames)}, ${JSON.stringify(serialiseUpliftModel(model))},
      ${JSON.stringify(quantiles)}, ${data.rows.length}, ${now})
    returning *`.execute(db)
  const row = result.rows[0]
  if (!row) throw new Error('uplift model not stored')
  return toView(row)
}

/** The stored models, newest first. */
export async function listUpliftModels(db: AnyDb): Promise<UpliftModelView[]> {
  const result =
    await sql<ModelRow>`select * from campaign_uplift_models order by created_at desc, id`.execute(db)
  return result.rows.map(toView)
}

// Loaded models by id: a stored model never changes, so it is parsed once per process.
const loaded = new Map<string, { model: UpliftModel; view: UpliftModelView }>()

/** A stored model ready to score, or undefined for an unknown id. */
export async function upliftModelById(
  db: AnyDb,
  id: string,
): Promise<{ model: UpliftModel; view: UpliftModelView } | undefined> {
  const cached = loaded.get(id)
  if (cached) return cached
  const result = await sql<ModelRow>`select * from campaign_uplift_models where id = ${id}`.execute(db)
  const row = result.rows[0]
  if (!row) return undefined
  const entry = { model: loadUpliftModel(row.model as SerializedUpliftModel), view: toView(row) }
  loaded.set(id, entry)
  return entry
}
