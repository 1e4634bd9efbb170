/** Reel's one error registry and the error base every module's client-facing errors extend. */
export { ReelError } from './reel-error.js'
export { ERRORS, type ErrorCode, type ErrorSpec } from './registry.js'
