// node:test loads reporters before `--import tsx` applies to them: this plain module loads the TypeScript one.
import { tsImport } from 'tsx/esm/api'

const { default: skipReporter } = await tsImport('./skip-reporter.ts', import.meta.url)
export default skipReporter
