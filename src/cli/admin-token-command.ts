import type { Command } from 'commander'
import type { WithReel } from './with-reel.js'

/** `reel admin-token show|rotate`: the admin API's bearer token, shown again or replaced. */
export function registerAdminToken(program: Command, withReel: WithReel): void {
  const adminToken = program.command('admin-token').description("the admin API's bearer token")
  adminToken
    .command('show')
    .description('print the admin token the API accepts (REEL_ADMIN_TOKEN when it is set)')
    .action(() =>
      withReel(async (reel) => {
        if (reel.config.adminToken)
          process.stderr.write('REEL_ADMIN_TOKEN is set: the admin API accepts it, not a stored token\n')
        console.log(await reel.currentAdminToken())
      }),
    )
  adminToken
    .command('rotate')
    .description(
      'replace the stored admin token: the old one stops working at once, also for a running server',
    )
    .action(() =>
      withReel(async (reel) => {
        console.log(await reel.rotateAdminToken())
        process.stderr.write(
          'The old admin token no longer works. (A server started with REEL_ADMIN_TOKEN keeps accepting that one.)\n',
        )
      }),
    )
}
