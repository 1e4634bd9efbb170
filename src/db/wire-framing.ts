/**
 * PostgreSQL wire-protocol framing for the embedded engine's socket server.
 *
 * PGlite has one backend. To let a pool of clients share it safely, messages are grouped per
 * client up to a synchronisation point (Sync, a simple Query, CopyDone/CopyFail), and each group
 * runs as one unit: an extended-protocol statement (Parse/Bind/Execute/Sync) is never interleaved
 * with another client's messages.
 */

const PROTOCOL_V3 = 196608
const SSL_REQUEST = 80877103
const CANCEL_REQUEST = 80877102
const GSSENC_REQUEST = 80877104

/** Message types after which the backend answers with ReadyForQuery or ends a COPY. */
const GROUP_ENDS = new Set(['S', 'Q', 'c', 'f'])

export type Frame =
  | { kind: 'startup'; bytes: Uint8Array }
  | { kind: 'ssl-request' }
  | { kind: 'cancel-request' }
  | { kind: 'terminate' }
  | { kind: 'group'; bytes: Uint8Array }

/** Splits one client's byte stream into frames; keeps partial messages until they complete. */
export class ClientStream {
  private buffer: Buffer = Buffer.alloc(0)
  private pending: Buffer[] = []
  private started = false

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    const frames: Frame[] = []
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) break
        const length = this.buffer.readInt32BE(0)
        if (this.buffer.length < length) break
        const code = this.buffer.readInt32BE(4)
        const message = this.buffer.subarray(0, length)
        this.buffer = this.buffer.subarray(length)
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) frames.push({ kind: 'ssl-request' })
        else if (code === CANCEL_REQUEST) frames.push({ kind: 'cancel-request' })
        else if (code === PROTOCOL_V3) {
          this.started = true
          frames.push({ kind: 'startup', bytes: new Uint8Array(message) })
        } else throw new Error(`unsupported protocol code ${code}`)
        continue
      }
      if (this.buffer.length < 5) break
      const length = 1 + this.buffer.readInt32BE(1)
      if (this.buffer.length < length) break
      const type = String.fromCharCode(this.buffer[0] ?? 0)
      const message = Buffer.from(this.buffer.subarray(0, length))
      this.buffer = this.buffer.subarray(length)
      if (type === 'X') {
        frames.push({ kind: 'terminate' })
        continue
      }
      this.pending.push(message)
      if (GROUP_ENDS.has(type)) {
        frames.push({ kind: 'group', bytes: new Uint8Array(Buffer.concat(this.pending)) })
        this.pending = []
      }
    }
    return frames
  }
}
