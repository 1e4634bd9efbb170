/** Runs `reel` commands as child processes, the way an operator does, for the CLI's tests. */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs `reel ARGS` from the sources with the given settings (and nothing else of REEL_*) until it ends;
 * `input` is piped to its stdin.
 */
export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REEL_')))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  // Without input, stdin is empty (ends at once), as it is with no terminal.
  child.stdin.end(input)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** The secrets a start announced on stderr (src/cli/secrets.ts), or undefined for those it did not. */
export function announcedSecrets(output: string): { adminToken?: string; writeKey?: string } {
  const adminToken = /admin API token:\s+(\S+)/.exec(output)?.[1]
  const writeKey = /write key for ingestion:\s+(\S+)/.exec(output)?.[1]
  return { ...(adminToken ? { adminToken } : {}), ...(writeKey ? { writeKey } : {}) }
}
