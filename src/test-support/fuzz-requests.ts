/**
 * Requests for the fuzz test, generated with fast-check from the OpenAPI document of the built app: values
 * that fit each schema (so requests reach the code behind validation), mixed with hostile ones (NUL, lone
 * surrogates, megabyte strings, 10,000 levels of nesting, `__proto__` keys, wrong types, huge numbers,
 * missing required fields, unknown parameters) in path parameters, query strings and bodies.
 */
import fc from 'fast-check'
import type { Operation } from './fuzz-operations.js'
import {
  anyValue,
  DEEP,
  DEEP_JSON,
  type FuzzContext,
  fittingValue,
  hostileStrings,
  hostileValues,
  LONE_SURROGATE,
  type Mode,
} from './fuzz-values.js'

/** A generated request, as `app.inject` takes it. */
export interface FuzzRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
  /** The credentials were left out or wrong. */
  unauthenticated: boolean
}

/**
 * Percent-encodes as a client would, except that a lone surrogate is written as the three bytes
 * WTF-8 gives it (`%ED%A0%BD`), which no UTF-8 decoder accepts.
 */
export function encodeComponent(text: string): string {
  return text
    .replace(DEEP, DEEP_JSON)
    .split(LONE_SURROGATE)
    .map((part) => {
      if (!LONE_SURROGATE.test(part)) return encodeURIComponent(part)
      const unit = part.charCodeAt(0)
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('')
    })
    .join('')
}

const clip = (text: string) =>
  text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text

/** A request in a line or two, long strings clipped (a failure report must stay readable). */
export function describeRequest(request: FuzzRequest): string {
  const auth = request.unauthenticated ? ' (no or wrong credentials)' : ''
  const encoding = request.headers['content-encoding'] ? ` (${request.headers['content-encoding']})` : ''
  const body =
    request.payload === undefined
      ? ''
      : ` ${request.headers['content-type']}${encoding} ${clip(request.payload)}`
  return `${request.method} ${clip(request.url)}${auth}${body}`
}

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value)

/** The JSON text of a body, with the deep-nesting marker expanded. */
function jsonText(value: unknown): string {
  return JSON.stringify(value).replaceAll(JSON.stringify(DEEP), DEEP_JSON)
}

function pathValue(op: Operation, name: string, mode: Mode): fc.Arbitrary<string> {
  const known = op.hidden && name === 'token' ? mode.context.pageTokens : mode.context.ids
  const schema = op.pathSchemas[name] ?? { type: 'string' }
  const fitting = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fittingValue(schema, mode).map(asText) },
  )
  return mode.hostile ? fc.oneof(fitting, hostileStrings) : fitting
}

function queryPairs(op: Operation, mode: Mode): fc.Arbitrary<[string, string][]> {
  const declared = op.query.map((q) =>
    fc
      .tuple(q.required ? fc.constant(true) : fc.boolean(), anyValue(q.schema, mode))
      .map(([present, value]): [string, string][] => {
        if (!present) return []
        // An array becomes a repeated parameter, as `?a=1&a=2` would send it.
        if (Array.isArray(value)) return value.map((v) => [q.name, asText(v)])
        return [[q.name, asText(value)]]
      }),
  )
  const unknown = mode.hostile
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        fc.tuple(fc.constantFrom('customer', 'owner', 'verbose', '__proto__', 'limit'), hostileStrings),
      )
    : fc.constant(null)
  return fc
    .tuple(fc.tuple(...declared), unknown)
    .map(([pairs, extra]) => [...pairs.flat(), ...(extra ? [extra] : [])])
}

const FORM_VALUES = [
  'dana@example.net',
  'mina@example.kr',
  'Dana',
  '+82 10 1234 5678',
  'link',
  'unsubscribe-all',
  'on',
]
const FORM_FIELDS = ['email', 'name', 'phone', 'contact', 'message', 'send', 'action', 'notice', 'choice']

function bodyOf(op: Operation, mode: Mode): fc.Arbitrary<{ type: string; text: string } | undefined> {
  if (op.method === 'GET') return fc.constant(undefined)
  const json = (text: string) => ({ type: 'application/json', text })
  if (op.hidden) {
    const usual = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...FORM_VALUES))
    const values = mode.hostile ? fc.oneof(usual, hostileStrings) : usual
    const keys = fc.oneof(fc.constantFrom(...FORM_FIELDS), fc.string({ maxLength: 6 }))
    const form = fc.dictionary(keys, values, { maxKeys: 4 })
    return fc.oneof(
      form.map((fields) => ({
        type: 'application/x-www-form-urlencoded',
        text: Object.entries(fields)
          .map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`)
          .join('&'),
      })),
      form.map((fields) => json(jsonText(fields))),
      fc.constant(undefined),
    )
  }
  if (!op.body) {
    const none = fc.constantFrom(undefined, json(''), json('{}'))
    return mode.hostile
      ? fc.oneof(
          none,
          hostileValues.map((v) => json(jsonText(v))),
        )
      : none
  }
  const fitting = anyValue(op.body, mode).map((v) => json(jsonText(v)))
  if (!mode.hostile) return fitting
  const broken = fc.constantFrom('{"a":', '[1,2', 'null', '"text"', '   ', '{"__proto__":{"x":1}}', '')
  return fc.oneof({ weight: 6, arbitrary: fitting }, { weight: 1, arbitrary: broken.map(json) })
}

/**
 * Requests for one operation: half of them fit the route's schemas throughout (and carry valid
 * credentials), half are hostile somewhere; a few of those come without credentials or with wrong ones.
 */
export function requestsFor(op: Operation, context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(build(op, { context, hostile: false }), build(op, { context, hostile: true }))
}

function build(op: Operation, mode: Mode): fc.Arbitrary<FuzzRequest> {
  const params = fc.tuple(...op.pathParams.map((name) => pathValue(op, name, mode)))
  const credentials = mode.hostile
    ? fc.oneof(
        { weight: 7, arbitrary: fc.constant('valid' as const) },
        { weight: 1, arbitrary: fc.constantFrom('none' as const, 'wrong' as const, 'nul' as const) },
      )
    : fc.constant('valid' as const)
  // Now and then a body that is not what its headers say: another media type, an encoding it lacks.
  const twist = mode.hostile
    ? fc.oneof(
        { weight: 6, arbitrary: fc.constant({}) },
        fc.constantFrom<Record<string, string>>(
          { 'content-type': 'application/xml' },
          { 'content-type': 'text/plain' },
          { 'content-type': 'application/x-www-form-urlencoded' },
          { 'content-type': 'application/json; charset=utf-16' },
          { 'content-encoding': 'gzip' },
          { 'content-encoding': 'br' },
        ),
      )
    : fc.constant({})
  return fc
    .tuple(params, queryPairs(op, mode), bodyOf(op, mode), credentials, twist)
    .map(([values, pairs, body, access, odd]) => {
      let url = op.path
      op.pathParams.forEach((name, i) => {
        url = url.replace(`{${name}}`, encodeComponent(values[i] ?? ''))
      })
      if (pairs.length > 0)
        url += `?${pairs.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&')}`
      const headers: Record<string, string> = {}
      const unauthenticated = op.security !== 'none' && access !== 'valid'
      if (op.security !== 'none' && access !== 'none') {
        const secret =
          access === 'valid'
            ? mode.context.credentials[op.security]
            : access === 'nul'
              ? `${mode.context.credentials[op.security]}\u0000`
              : 'wrong-secret-0123456789'
        headers.authorization =
          op.security === 'writeKey'
            ? `Basic ${Buffer.from(`${secret}:`).toString('base64')}`
            : `Bearer ${secret}`
      }
      if (body) Object.assign(headers, { 'content-type': body.type }, odd)
      const request = {
        method: op.method,
        url,
        headers,
        ...(body ? { payload: body.text } : {}),
        unauthenticated,
      }
      return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) })
    })
}
