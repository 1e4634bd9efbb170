import { z } from 'zod'
import type { GiftRecipient } from '../coupons/index.js'
import { fill } from './locale.js'
import type { Strings } from './strings-en.js'

// The same shapes the JSON API accepts (src/http/coupon-schemas.ts), so a page never takes what the API refuses.
const email = z.email()
const phone = z.string().regex(/^\+?[0-9 ()-]{6,20}$/)

// NUL (PostgreSQL stores no text with it), other control characters no field needs (tab and line breaks
// are fine), and half of a UTF-16 pair (a lone surrogate: no character at all).
const UNSTORABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters refused
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Whether a typed text can be stored and shown as it is. */
export function storable(text: string): boolean {
  UNSTORABLE.lastIndex = 0
  return !UNSTORABLE.test(text)
}

/** What was typed without what cannot be stored, to show a refused form again. */
export function shownAsTyped(text: string): string {
  return text.replace(UNSTORABLE, '')
}

/** The claim form as typed: kept as is to show again next to what is wrong with it. */
export interface ClaimForm {
  email: string
  name: string
  phone: string
}

export type ClaimFormCheck =
  | { person: { email: string; name: string; phone?: string } }
  | { errors: Partial<Record<keyof ClaimForm, string>> }

/** The person a claim form names, or what to fix (in the reader's words). */
export function checkClaimForm(form: ClaimForm, t: Strings): ClaimFormCheck {
  const errors: Partial<Record<keyof ClaimForm, string>> = {}
  const address = form.email.trim()
  const name = form.name.trim()
  const number = form.phone.trim()
  if (!email.safeParse(address).success) errors.email = t.badEmail
  if (name.length === 0 || name.length > 100) errors.name = t.badName
  if (number !== '' && !phone.safeParse(number).success) errors.phone = t.badPhone
  for (const field of ['email', 'name', 'phone'] as const)
    if (!storable(form[field])) errors[field] = fill(t.badCharacter, { field: t.fieldName[field] })
  if (Object.keys(errors).length > 0) return { errors }
  return { person: { email: address, name, ...(number ? { phone: number } : {}) } }
}

/** Whom the wallet's gift form names: an e-mail or a phone number in one field; undefined when neither. */
export function recipientOf(contact: string): GiftRecipient | undefined {
  const typed = contact.trim()
  if (typed.includes('@')) return email.safeParse(typed).success ? { email: typed } : undefined
  return phone.safeParse(typed).success ? { phone: typed } : undefined
}
