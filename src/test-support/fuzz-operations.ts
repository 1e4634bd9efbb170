/**
 * The routes the fuzz test covers: every operation of the OpenAPI document of the built app, with the
 * subset of JSON Schema fastify-type-provider-zod writes there, and the routes the document hides.
 */
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
