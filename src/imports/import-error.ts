/** A source that cannot be imported at all (missing file or column, unknown format), with a message for the shop. */
export class ImportError extends Error {
  override readonly name = 'ImportError'
}
