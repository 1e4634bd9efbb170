import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CHANNEL_NAMES } from '../consent/index.js'
import { ReelError } from '../errors/index.js'
import {
  type MessageTemplate,
  TemplateError,
  type TemplateInput,
  TemplateNameTaken,
  type Templates,
} from '../templates/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'
import { errorBody } from './errors.js'

const channel = z.enum(CHANNEL_NAMES)
const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  channel,
  locale: z.string(),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
const inputSchema = z.object({
  name: z.string().min(1).max(100),
  channel,
  locale: z.string().min(2).max(20),
  subject: z.string().max(1000).nullable().optional(),
  text: z.string().max(100_000),
  html: z.string().max(500_000).nullable().optional(),
})
const renderedSchema = z.object({
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
})
const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
})

export interface TemplateRoutesOptions {
  templates: Templates
  /** Renders a template for a customer with the scope a real send would have; undefined for an unknown customer. */
  preview(
    templateId: string,
    customerId: string,
  ): Promise<{ subject: string | null; text: string; html: string | null } | undefined>
}

/** The admin API for message templates (registered under /api/v1, behind the admin token). */
export const templateRoutes: FastifyPluginAsync<TemplateRoutesOptions> = async (
  app,
  { templates, preview },
) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['message templates']
  const security = ADMIN_SECURITY
  const notFound = (what: string) => errorBody('REEL_ERR_NOT_FOUND', `No ${what}`)
  const broken = (error: TemplateError) =>
    errorBody('REEL_ERR_INVALID_REQUEST', error.message, {
      field: error.field,
      line: error.line,
      column: error.column,
    })

  async function save(input: TemplateInput, replace: boolean): Promise<MessageTemplate | TemplateError> {
    try {
      return await templates.save(input, { replace })
    } catch (error) {
      if (error instanceof TemplateError) return error
      if (error instanceof TemplateNameTaken)
        throw new ReelError(
          'REEL_ERR_TEMPLATE_NAME_TAKEN',
          `body.name: template ${error.existingId} already has this name, channel and locale${input.id ? '' : ' (add ?replace=true to replace it)'}`,
          { id: error.existingId },
        )
      throw error
    }
  }

  typed.get(
    '/message-templates',
    {
      schema: {
        description: 'Message templates, by name, channel and locale.',
        tags,
        security,
        querystring: z.strictObject({ channel: channel.optional(), name: z.string().max(100).optional() }),
        response: { 200: z.object({ templates: z.array(templateSchema) }) },
      },
    },
    async (request) => {
      const { channel: ch, name } = request.query
      const filter = {
        ...(ch ? { channel: ch as MessageTemplate['channel'] } : {}),
        ...(name ? { name } : {}),
      }
      return { templates: await templates.list(filter) }
    },
  )

  typed.post(
    '/message-templates',
    {
      schema: {
        description:
          'Creates a template under its name, channel and locale; if one is there already, 409 REEL_ERR_TEMPLATE_NAME_TAKEN (with its id), unless `?replace=true` asks to replace it. A part that does not parse is refused with 400 naming the field, line and column.',
        tags,
        security,
        querystring: z.strictObject({ replace: z.stringbool().default(false) }),
        body: inputSchema,
        response: { 201: templateSchema, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const body = request.body as TemplateInput
      const saved = await save(body, request.query.replace)
      if (saved instanceof TemplateError) return reply.code(400).send(broken(saved))
      return reply.code(201).send(saved)
    },
  )

  typed.get(
    '/message-templates/:id',
    {
      schema: {
        description: 'One template.',
        tags,
        security,
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: templateSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const template = await templates.get(request.params.id)
      return template ?? reply.code(404).send(notFound(`template ${request.params.id}`))
    },
  )

  typed.put(
    '/message-templates/:id',
    {
      schema: {
        description:
          'Updates a template; refused with 400 naming the field, line and column if a part does not parse, and with 409 REEL_ERR_TEMPLATE_NAME_TAKEN if another template has the new name, channel and locale.',
        tags,
        security,
        params: z.object({ id: z.string().min(1).max(100) }),
        body: inputSchema,
        response: { 200: templateSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      if (!(await templates.get(request.params.id)))
        return reply.code(404).send(notFound(`template ${request.params.id}`))
      const saved = await save({ ...(request.body as TemplateInput), id: request.params.id }, true)
      if (saved instanceof TemplateError) return reply.code(400).send(broken(saved))
      return saved
    },
  )

  typed.post(
    '/message-templates/:id/preview',
    {
      schema: {
        description: 'Renders the template for a customer, as a message to them would read now.',
        tags,
        security,
        params: z.object({ id: z.string().min(1).max(100) }),
        body: z.object({ customerId: z.string().min(1).max(200) }),
        response: { 200: renderedSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!(await templates.get(request.params.id)))
        return reply.code(404).send(notFound(`template ${request.params.id}`))
      try {
        const rendered = await preview(request.params.id, request.body.customerId)
        return rendered ?? reply.code(404).send(notFound(`customer ${request.body.customerId}`))
      } catch (error) {
        if (error instanceof TemplateError) return reply.code(400).send(broken(error))
        throw error
      }
    },
  )
}
