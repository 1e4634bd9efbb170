const RETRYABLE = new Set(['40001', '40P01'])

/** Runs a transaction again when PostgreSQL aborted it for a serialization failure or a deadlock. */
export async function withRetry<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      const code = (error as { code?: string }).code
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20))
    }
  }
}
