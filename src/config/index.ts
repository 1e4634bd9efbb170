import { z } from 'zod'

/**
 * Every setting Reel reads, from environment variables. The README's configuration table lists
 * these with their defaults; keep the two in step.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  REEL_DATA_DIR: z.string().default('./.reel'),
  REEL_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  REEL_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  REEL_WRITE_KEY: z.string().min(8, 'a write key needs at least 8 characters').optional(),
  REEL_ADMIN_TOKEN: z.string().min(16, 'an admin token needs at least 16 characters').optional(),
  REEL_MAX_INFLIGHT_BATCHES: z.coerce.number().int().min(1).default(64),
  REEL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  poolSize: number | undefined
  writeKey: string | undefined
  adminToken: string | undefined
  /** Ingestion requests handled at once before new ones get 429. */
  maxInflightBatches: number
  logLevel: z.infer<typeof envSchema>['REEL_LOG_LEVEL']
}

/** Reads the configuration; a bad value throws with the variable's name and what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.REEL_DATA_DIR,
    databaseUrl: e.REEL_DATABASE_URL,
    poolSize: e.REEL_DB_POOL_SIZE,
    writeKey: e.REEL_WRITE_KEY,
    adminToken: e.REEL_ADMIN_TOKEN,
    maxInflightBatches: e.REEL_MAX_INFLIGHT_BATCHES,
    logLevel: e.REEL_LOG_LEVEL,
  }
}
