import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/**
 * Coupon templates, issued coupons, gifts and the append-only ledger of every change. A coupon copies
 * its template's terms when issued, so editing a template never changes coupons already in wallets.
 */
export const couponsMigrations: NamedMigration[] = [
  {
    name: '0600-coupons',
    async up(db) {
      await sql`
        create table coupon_templates (
          id text primary key,
          name text not null,
          kind text not null,
          discount_type text not null check (discount_type in ('amount', 'percent')),
          amount numeric check (amount > 0),
          percent numeric check (percent > 0 and percent <= 100),
          max_discount numeric check (max_discount > 0),
          currency text,
          min_order numeric not null default 0,
          valid_days int check (valid_days > 0),
          valid_until timestamptz,
          giftable boolean not null,
          max_gift_hops int not null check (max_gift_hops >= 0),
          release_on_cancel boolean not null,
          auto_issue text check (auto_issue in ('birthday')),
          issue_days_before int not null default 0,
          created_at timestamptz not null,
          archived_at timestamptz,
          check (valid_days is not null or valid_until is not null),
          check ((discount_type = 'amount') = (amount is not null and currency is not null)),
          check ((discount_type = 'percent') = (percent is not null))
        )`.execute(db)
      await sql`
        create table coupons (
          id text primary key,
          code text not null unique,
          template_id text not null references coupon_templates (id),
          kind text not null,
          owner_id text not null,
          state text not null check (state in ('issued', 'gift_pending', 'redeemed', 'expired', 'void')),
          discount_type text not null,
          amount numeric,
          percent numeric,
          max_discount numeric,
          currency text,
          min_order numeric not null,
          giftable boolean not null,
          max_gift_hops int not null,
          release_on_cancel boolean not null,
          issued_at timestamptz not null,
          expires_at timestamptz not null,
          -- how it was issued (api, campaign, birthday) and the key that makes issuing it idempotent
          source text not null,
          source_key text unique,
          -- gifts claimed so far, and since when the current owner has held it
          hops int not null default 0,
          owned_since timestamptz not null,
          pending_gift_id text,
          -- when the radar was told it expires soon, unused (coupon_expiring_unused)
          expiry_signalled_at timestamptz,
          redeemed_order_id text,
          redeemed_at timestamptz,
          discount_given numeric,
          order_total numeric,
          updated_at timestamptz not null,
          check ((state = 'gift_pending') = (pending_gift_id is not null)),
          check ((state = 'redeemed') = (redeemed_order_id is not null))
        )`.execute(db)
      await sql`create index coupons_owner on coupons (owner_id, state)`.execute(db)
      await sql`create index coupons_expiry on coupons (expires_at) where state in ('issued', 'gift_pending')`.execute(
        db,
      )
      await sql`create index coupons_order on coupons (redeemed_order_id) where redeemed_order_id is not null`.execute(
        db,
      )
      await sql`
        create table coupon_gifts (
          id text primary key,
          coupon_id text not null references coupons (id),
          giver_id text not null,
          -- the member it is for, when given to a member; null for a claim link anyone may take
          receiver_id text,
          -- the e-mail or phone it was sent to, as the giver typed it
          sent_to text,
          message text,
          state text not null check (state in ('pending', 'claimed', 'declined', 'cancelled', 'expired')),
          -- sha-256 of the claim link's token; the token itself is derived from the id and a secret
          token_hash text not null unique,
          hop int not null,
          created_at timestamptz not null,
          claim_expires_at timestamptz not null,
          resolved_at timestamptz,
          claimed_by text,
          -- the receiver joined the shop through this gift
          joined_through boolean not null default false,
          check ((state = 'claimed') = (claimed_by is not null))
        )`.execute(db)
      await sql`create unique index coupon_gifts_one_pending on coupon_gifts (coupon_id) where state = 'pending'`.execute(
        db,
      )
      await sql`create index coupon_gifts_giver on coupon_gifts (giver_id, created_at)`.execute(db)
      await sql`create index coupon_gifts_receiver on coupon_gifts (receiver_id) where receiver_id is not null`.execute(
        db,
      )
      await sql`create index coupon_gifts_claimed_by on coupon_gifts (claimed_by) where claimed_by is not null`.execute(
        db,
      )
      await sql`create index coupon_gifts_due on coupon_gifts (claim_expires_at) where state = 'pending'`.execute(
        db,
      )
      await sql`
        create table coupon_ledger (
          id bigserial primary key,
          coupon_id text not null references coupons (id),
          at timestamptz not null,
          action text not null,
          from_state text,
          to_state text not null,
          owner_before text,
          owner_after text not null,
          gift_id text,
          order_id text,
          -- who did it: api, shop (an event), customer, worker
          actor text not null,
          details jsonb not null default '{}'
        )`.execute(db)
      await sql`create index coupon_ledger_coupon on coupon_ledger (coupon_id, id)`.execute(db)
      // The ledger is the record of what happened: it only grows.
      await sql`
        create function coupon_ledger_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'coupon_ledger is append-only';
        end $$`.execute(db)
      await sql`
        create trigger coupon_ledger_append_only before update or delete on coupon_ledger
        for each row execute function coupon_ledger_append_only()`.execute(db)
      await sql`
        create table coupon_wallet_tokens (
          token_hash text primary key,
          customer_id text not null,
          created_at timestamptz not null,
          expires_at timestamptz not null
        )`.execute(db)
      await sql`create index coupon_wallet_tokens_customer on coupon_wallet_tokens (customer_id)`.execute(db)
    },
  },
]

/** Tables the coupons module owns. */
export interface CouponsTables {
  coupon_templates: {
    id: string
    name: string
    kind: string
    discount_type: 'amount' | 'percent'
    amount: number | null
    percent: number | null
    max_discount: number | null
    currency: string | null
    min_order: number
    valid_days: number | null
    valid_until: Date | null
    giftable: boolean
    max_gift_hops: number
    release_on_cancel: boolean
    auto_issue: 'birthday' | null
    issue_days_before: number
    created_at: Date
    archived_at: Date | null
  }
  coupons: {
    id: string
    code: string
    template_id: string
    kind: string
    owner_id: string
    state: 'issued' | 'gift_pending' | 'redeemed' | 'expired' | 'void'
    discount_type: 'amount' | 'percent'
    amount: number | null
    percent: number | null
    max_discount: number | null
    currency: string | null
    min_order: number
    giftable: boolean
    max_gift_hops: number
    release_on_cancel: boolean
    issued_at: Date
    expires_at: Date
    source: string
    source_key: string | null
    hops: number
    owned_since: Date
    pending_gift_id: string | null
    expiry_signalled_at: Date | null
    redeemed_order_id: string | null
    redeemed_at: Date | null
    discount_given: number | null
    order_total: number | null
    updated_at: Date
  }
  coupon_gifts: {
    id: string
    coupon_id: string
    giver_id: string
    receiver_id: string | null
    sent_to: string | null
    message: string | null
    state: 'pending' | 'claimed' | 'declined' | 'cancelled' | 'expired'
    token_hash: string
    hop: number
    created_at: Date
    claim_expires_at: Date
    resolved_at: Date | null
    claimed_by: string | null
    joined_through: boolean
  }
  coupon_ledger: {
    id: number
    coupon_id: string
    at: Date
    action: string
    from_state: string | null
    to_state: string
    owner_before: string | null
    owner_after: string
    gift_id: string | null
    order_id: string | null
    actor: string
    details: Record<string, unknown>
  }
  coupon_wallet_tokens: {
    token_hash: string
    customer_id: string
    created_at: Date
    expires_at: Date
  }
}
