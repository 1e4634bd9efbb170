/**
 * Requests for the fuzz test, generated with fast-check from the OpenAPI document of the built app: values
 * that fit each schema (so requests reach the code behind validation), mixed with hostile ones (NUL, lone
 * surrogates, megabyte strings, 10,000 levels of nesting, `__proto__` keys, wrong types, huge numbers,
 * missing required fields, unknown parameters) in path parameters, query strings and bodies.
 */
import fc from 'fast-check'

/** The subset of JSON Schema that fastify-type-provider-zod writes into the OpenAPI document. */
export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  nullable?: boolean
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: boolean | number
  exclusiveMaximum?: boolean | number
  minItems?: number
  maxItems?: number
  pattern?: string
  format?: string
}

/** Who a route lets in. */
export type Security = 'adminToken' | 'writeKey' | 'walletToken' | 'none'

/** One route and method, from the OpenAPI document (or a route it hides, with no schema). */
export interface Operation {
  method: string
  /** The path with `{name}` parameters. */
  path: string
  pathParams: string[]
  pathSchemas: Record<string, JsonSchema>
  query: { name: string; schema: JsonSchema; required: boolean }[]
  body: JsonSchema | undefined
  security: Security
  /** Hidden from the document (the customer's HTML pages): no schema, form bodies. */
  hidden: boolean
}

interface OpenApiParameter {
  in: string
  name: string
  required?: boolean
  schema?: JsonSchema
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[]
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
  security?: Record<string, unknown>[]
}

const paramsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)

/** Every operation of the OpenAPI document. */
export function documentedOperations(doc: { paths: Record<string, Record<string, OpenApiOperation>> }) {
  const operations: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const parameters = op.parameters ?? []
      const security = Object.keys(op.security?.[0] ?? {})[0] as Security | undefined
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: paramsOf(path),
        pathSchemas: Object.fromEntries(
          parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.schema ?? {}]),
        ),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: p.required === true })),
        body: op.requestBody?.content?.['application/json']?.schema,
        security: security ?? 'none',
        hidden: false,
      })
    }
  return operations
}

/**
 * The routes `app.printRoutes({ commonPrefix: false })` lists that the document leaves out (the HTML
 * pages), so the fuzz covers them too. HEAD is Fastify's copy of GET.
 */
export function hiddenOperations(printedRoutes: string, documented: Operation[]): Operation[] {
  const known = new Set(documented.map((o) => `${o.method} ${o.path}`))
  const stack: string[] = []
  const operations: Operation[] = []
  for (const line of printedRoutes.split('\n')) {
    const match = line.match(/^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)/)
    if (!match) continue
    const depth = (match[1] ?? '').length / 4
    stack.length = depth
    const path = `${stack.join('')}${match[2]}`
    stack.push(match[2] ?? '')
    const openApiPath = path.replace(/:(\w+)/g, '{$1}')
    for (const method of (match[3] ?? '').split(', ')) {
      if (method === 'HEAD' || known.has(`${method} ${openApiPath}`)) continue
      operations.push({
        method,
        path: openApiPath,
        pathParams: paramsOf(openApiPath),
        pathSchemas: {},
        query: [],
        body: undefined,
        security: 'none',
        hidden: true,
      })
    }
  }
  return operations
}

// ---- values -------------------------------------------------------------------------------------------

const LONE_SURROGATE = /([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/
const HIGH = String.fromCharCode(0xd83d)
const LOW = String.fromCharCode(0xde00)
/** Replaced by 10,000 nested arrays once the body is serialised (JSON.stringify itself would overflow). */
const DEEP = '\u0001deep\u0001'
const DEEP_JSON = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
const MEGABYTE = 'x'.repeat(1024 * 1024)

const hostileStrings = fc.oneof(
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

const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
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
interface Mode {
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
function fittingValue(schema: JsonSchema, mode: Mode): fc.Arbitrary<unknown> {
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
function anyValue(schema: JsonSchema, mode: Mode): fc.Arbitrary<unknown> {
  if (!mode.hostile) return fittingValue(schema, mode)
  return fc.oneof(
    { weight: 4, arbitrary: fittingValue(schema, mode) },
    { weight: 1, arbitrary: hostileValues },
  )
}

// ---- requests -----------------------------------------------------------------------------------------

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
  const body =
    request.payload === undefined ? '' : ` ${request.headers['content-type']} ${clip(request.payload)}`
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
        { weight: 1, arbitrary: fc.constantFrom('none' as const, 'wrong' as const) },
      )
    : fc.constant('valid' as const)
  return fc
    .tuple(params, queryPairs(op, mode), bodyOf(op, mode), credentials)
    .map(([values, pairs, body, access]) => {
      let url = op.path
      op.pathParams.forEach((name, i) => {
        url = url.replace(`{${name}}`, encodeComponent(values[i] ?? ''))
      })
      if (pairs.length > 0)
        url += `?${pairs.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&')}`
      const headers: Record<string, string> = {}
      const unauthenticated = op.security !== 'none' && access !== 'valid'
      if (op.security !== 'none' && access !== 'none') {
        const secret = access === 'valid' ? mode.context.credentials[op.security] : 'wrong-secret-0123456789'
        headers.authorization =
          op.security === 'writeKey'
            ? `Basic ${Buffer.from(`${secret}:`).toString('base64')}`
            : `Bearer ${secret}`
      }
      if (body) headers['content-type'] = body.type
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
