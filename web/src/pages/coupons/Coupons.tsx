import './coupons.css'
import { useState } from 'react'
import { useLocale } from '../../i18n'
import type { Route } from '../../router'
import { PageHeading } from '../heading'
import { GiftChains } from './GiftChains'
import { Ledger } from './Ledger'
import { Templates } from './Templates'
import { Viral } from './Viral'

/** Coupon templates and their counts, how gifts spread (figures and chains), and one coupon's ledger. */
export default function Coupons(_: { route: Route }) {
  const { t } = useLocale()
  const [lookup, setLookup] = useState('')
  return (
    <>
      <PageHeading title={t.pages.coupons} />
      <Templates />
      <Viral />
      <GiftChains onShowLedger={setLookup} />
      <Ledger lookup={lookup} onLookup={setLookup} />
    </>
  )
}
