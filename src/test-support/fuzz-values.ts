/**
 * Values for the fuzz test's requests, with fast-check: values that fit a route's JSON Schema (so requests
 * reach the code behind validation), and hostile ones (NUL, lone surrogates, megabyte strings, 10,000
 * levels of nesting, `__proto__` keys, wrong types, huge numbers, the years 0 and 9999).
 */
import fc from 'fast-check'
import type { JsonSchema, Security } from './fuzz-operations.js'

export const LONE_SURROGATE = /([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/
const HIGH = String.fromCharCode(0xd83d)
const LOW = String.fromCharCode(0xde00)
/** Replaced by 10,000 nested arrays once the body is serialised (JSON.stringify itself would overflow). */
export const DEEP = '\u0001deep\u0001'
export const DEEP_JSON = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
const MEGABYTE = 'x'.repeat(1024 * 1024)

export const hostileStrings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    `Shirt ${HIGH}`,
    `${LOW}x`,
    `${LOW}${HIGH}`,
    '',
    ' ',
    '😀',
    '\u202eevil',
    "' or 1=1 --",
    '../../etc/passwd',
    '%00',
    '{{ 7 | times: 7 }}{% raw %}',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    '2026-02-30T10:00:00Z',
    '0000-01-01T00:00:00Z',
    '99999999999999999999',
    'NaN',
    '-1',
    DEEP,
  ),
  fc.constantFrom('x'.repeat(10_000), 'y'.repeat(200_000), MEGABYTE),
  // Any UTF-16 code units: NUL, lone surrogates and control characters included.
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
)

export const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileStrings },
  fc.constantFrom(0, -1, -0, 1e308, -1e308, 2 ** 53 + 2, 2 ** 63, 1e-320, 0.5),
  fc.constantFrom(true, false, null),
  fc.constantFrom([], {}, [null], [DEEP]),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
  fc.constant(JSON.parse('{"constructor":{"name":"x"},"toString":"x","hasOwnProperty":1}')),
)

/**
 * ISO times over the whole four-digit range (fast-check favours the ends: the year 0, 9999), in UTC or
 * with an offset that can carry them over the edge.
 */
const anyTime = fc
  .tuple(
    fc.date({
      min: new Date('0000-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('Z', '+14:00', '-14:00', '+09:00'),
  )
  .map(([d, offset]) => {
    const shift =
      offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * Number(offset.slice(1, 3)) * 3_600_000
    const local = new Date(d.getTime() + shift).toISOString().slice(0, 19)
    return /^\d{4}-/.test(local) ? `${local}${offset}` : d.toISOString()
  })

/** Strings from the seeded shop (customer, coupon, gift, campaign and template ids), so requests hit real rows. */
export interface FuzzContext {
  ids: string[]
  /** Tokens of the customer's pages: gift claim, wallet, preference centre, unsubscribe links. */
  pageTokens: string[]
  credentials: Record<Exclude<Security, 'none'>, string>
}

/** Numbers within the schema's bounds; where it sets none, up to the largest JSON can carry. */
function numberFor(schema: JsonSchema): fc.Arbitrary<number> {
  const exclusiveMin = schema.exclusiveMinimum === true
  const exclusiveMax = schema.exclusiveMaximum === true
  const min = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : schema.minimum
  const max = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : schema.maximum
  if (schema.type === 'integer')
    return fc.integer({
      min: min === undefined ? Number.MIN_SAFE_INTEGER : Math.ceil(min) + (exclusiveMin ? 1 : 0),
      max: max === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(max) - (exclusiveMax ? 1 : 0),
    })
  return fc.double({
    min: min ?? -Number.MAX_VALUE,
    max: max ?? Number.MAX_VALUE,
    minExcluded: exclusiveMin,
    maxExcluded: exclusiveMax,
    noNaN: true,
    noDefaultInfinity: true,
  })
}

/**
 * How a request is generated: `hostile` mixes hostile values, missing fields and unknown keys into it;
 * otherwise every value fits its schema, so the request reaches the code behind validation.
 */
export interface Mode {
  context: FuzzContext
  hostile: boolean
}

function stringFor(schema: JsonSchema, { context }: Mode): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return anyTime
  if (schema.format === 'email') return fc.oneof(fc.constant('mina@example.kr'), fc.emailAddress())
  const minLength = schema.minLength ?? 0
  const maxLength = Math.min(schema.maxLength ?? 40, 40)
  const fitting = (s: string) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity)
  let shaped: fc.Arbitrary<string> = fc.string({ minLength, maxLength: Math.max(minLength, maxLength) })
  if (schema.pattern) {
    try {
      shaped = fc.stringMatching(new RegExp(schema.pattern)).filter(fitting)
    } catch {
      // A pattern fast-check cannot generate from: plain strings, mostly refused.
    }
  }
  const known = context.ids.filter(fitting)
  return known.length > 0 ? fc.oneof(shaped, fc.constantFrom(...known)) : shaped
}

/** A value that fits the schema (its children now and then hostile). */
export function fittingValue(schema: JsonSchema, mode: Mode): fc.Arbitrary<unknown> {
  const choices = schema.anyOf ?? schema.oneOf
  if (choices) return fc.oneof(...choices.map((s) => fittingValue(s, mode)))
  if (schema.allOf) return fittingValue(Object.assign({}, ...schema.allOf), mode)
  if (schema.const !== undefined) return fc.constant(schema.const)
  const nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'))
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  const value = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum)
    switch (type) {
      case 'string':
        return stringFor(schema, mode)
      case 'number':
      case 'integer':
        return numberFor(schema)
      case 'boolean':
        return fc.boolean()
      case 'array': {
        const minLength = schema.minItems ?? 0
        const items = schema.items ? anyValue(schema.items, mode) : fc.jsonValue({ maxDepth: 2 })
        return fc.array(items, {
          minLength,
          maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)),
        })
      }
      case 'object':
        return objectFor(schema, mode)
      default:
        return fc.oneof(fc.jsonValue({ maxDepth: 3 }), mode.hostile ? hostileMessage : usualMessage)
    }
  })()
  return nullable ? fc.oneof(value, fc.constant(null)) : value
}

/** An object of the schema; in hostile mode, now and then a required field is missing or a hostile key is added. */
function objectFor(schema: JsonSchema, mode: Mode): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {}
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, s]) => [key, anyValue(s, mode)]),
  ) as Record<string, fc.Arbitrary<unknown>>
  const required = (schema.required ?? []).filter((key) => key in properties)
  const extra =
    typeof schema.additionalProperties === 'object'
      ? fc.dictionary(fc.string({ maxLength: 8 }), anyValue(schema.additionalProperties, mode), {
          maxKeys: 3,
        })
      : fc.constant({})
  const base = fc.record(model, { requiredKeys: required })
  // Any object at all (a Segment message body, a record of properties): messages too.
  if (Object.keys(properties).length === 0)
    return fc.oneof(extra, mode.hostile ? hostileMessage : usualMessage)
  if (!mode.hostile) return fc.tuple(base, extra).map(([object, more]) => ({ ...more, ...object }))
  const twists = fc.constantFrom(...required, '__proto__', 'constructor', 'unknownField')
  return fc
    .tuple(base, extra, fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, twists), hostileValues)
    .map(([object, more, twist, hostile]) => {
      const result: Record<string, unknown> = { ...more, ...object }
      if (twist === null) return result
      if (required.includes(twist)) delete result[twist]
      else Object.defineProperty(result, twist, { value: hostile, enumerable: true, writable: true })
      return result
    })
}

/** Messages in the shape Segment's clients send, with `odd` values mixed in where Reel reads them. */
function segmentMessage(odd: <T>(usual: fc.Arbitrary<T>) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.record(
    {
      type: odd(fc.constantFrom('track', 'identify', 'page', 'alias', 'group')),
      userId: odd(fc.constantFrom('mina', 'joon', 'fuzz-1')),
      anonymousId: odd(fc.constant('anon-1')),
      messageId: odd(fc.string({ minLength: 1, maxLength: 12 })),
      previousId: odd(fc.constant('anon-1')),
      event: odd(
        fc.constantFrom(
          'Order Completed',
          'Product Added',
          'Checkout Started',
          'Product Reviewed',
          'Coupon Applied',
        ),
      ),
      timestamp: odd(anyTime),
      properties: fc.record(
        {
          order_id: odd(fc.constantFrom('o-1', 'o-2')),
          cart_id: odd(fc.constant('c-1')),
          total: odd(fc.integer({ min: 0, max: 1_000_000 })),
          currency: odd(fc.constantFrom('KRW', 'USD')),
          products: odd(
            fc.array(
              fc.record({ product_id: fc.constantFrom('p-1', 'p-2'), price: fc.nat(), quantity: fc.nat(5) }),
              {
                maxLength: 3,
              },
            ),
          ),
          rating: odd(fc.integer({ min: 1, max: 5 })),
          coupon_id: odd(fc.constantFrom('none', 'ABCDE-FGHJK')),
        },
        { requiredKeys: [] },
      ),
      traits: fc.record(
        {
          email: odd(fc.constantFrom('mina@example.kr', 'new@example.net')),
          name: odd(fc.string({ maxLength: 10 })),
          birthday: odd(fc.constantFrom('1990-05-03', '--05-03')),
          timezone: odd(fc.constantFrom('Asia/Seoul', 'Mars/Olympus')),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['type'] },
  )
}

const usualMessage = segmentMessage((usual) => usual)
const hostileMessage = segmentMessage((usual) => fc.oneof({ weight: 2, arbitrary: usual }, hostileValues))

/** A value for the schema: in hostile mode, now and then a hostile one. */
export function anyValue(schema: JsonSchema, mode: Mode): fc.Arbitrary<unknown> {
  if (!mode.hostile) return fittingValue(schema, mode)
  return fc.oneof(
    { weight: 4, arbitrary: fittingValue(schema, mode) },
    { weight: 1, arbitrary: hostileValues },
  )
}
