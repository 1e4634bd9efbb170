import type { Command } from 'commander'
import { z } from 'zod'
import { MIN_PASSWORD_LENGTH, ROLES, type Role } from '../users/index.js'
import type { WithReel } from './with-reel.js'

/** The first line of piped input: `echo "$PASSWORD" | reel users add …`. */
async function readPiped(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
}

/** Asks on the terminal without echoing what is typed (raw mode: each key is read, none is shown). */
function prompt(question: string, input: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(question)
    let typed = ''
    input.setRawMode(true)
    input.resume()
    input.setEncoding('utf8')
    const done = (error?: Error) => {
      input.setRawMode(false)
      input.pause()
      input.off('data', onData)
      process.stderr.write('\n')
      if (error) reject(error)
      else resolve(typed)
    }
    const onData = (text: string) => {
      for (const char of text) {
        if (char === '\r' || char === '\n') return done()
        if (char === '\u0003') return done(new Error('cancelled'))
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1)
        else typed += char
      }
    }
    input.on('data', onData)
  })
}

/** The new user's password: from stdin when it is piped, else asked twice on the terminal. */
export async function readNewPassword(input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const password = input.isTTY ? await prompt('Password: ', input) : await readPiped(input)
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`)
  if (input.isTTY && (await prompt('Again: ', input)) !== password)
    throw new Error('the two passwords differ')
  return password
}

const email = z.email()

/** `reel users add|list|remove`: who may sign in to the dashboard, and with which role. */
export function registerUsers(program: Command, withReel: WithReel): void {
  const users = program.command('users').description('dashboard users: who may sign in, with which role')
  users
    .command('add <email>')
    .description(
      `add a user (password from stdin when piped, else asked; at least ${MIN_PASSWORD_LENGTH} characters)`,
    )
    .requiredOption(
      '--role <role>',
      `${ROLES.join(', ')}: viewers read, marketers run campaigns and coupons, admins also manage keys, channels and users`,
    )
    .action(async (address: string, options: { role: string }) => {
      if (!email.safeParse(address).success) throw new Error(`${address} is not an e-mail address`)
      if (!(ROLES as readonly string[]).includes(options.role))
        throw new Error(`--role must be one of ${ROLES.join(', ')}`)
      const password = await readNewPassword()
      await withReel(async (reel) => {
        const user = await reel.users.add(address, options.role as Role, password)
        console.log(`added ${user.email} (${user.role})`)
      })
    })
  users
    .command('list')
    .description('list users and their roles')
    .action(() =>
      withReel(async (reel) => {
        for (const u of await reel.users.list()) console.log(`${u.email}\t${u.role}\t${u.createdAt}`)
      }),
    )
  users
    .command('remove <email>')
    .description('remove a user and end their sessions at once')
    .action((address: string) =>
      withReel(async (reel) => {
        if (!(await reel.users.remove(address))) throw new Error(`no user ${address}`)
        console.log(`removed ${address}`)
      }),
    )
}
