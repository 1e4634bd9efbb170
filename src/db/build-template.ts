/** `npm run build`'s last step: the data folder new embedded databases are copied from (create-data-dir.ts). */
import { buildTemplate } from './create-data-dir.js'

const started = performance.now()
const outcome = await buildTemplate()
if (outcome === 'made')
  process.stderr.write(
    `made the embedded database's template in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  )
