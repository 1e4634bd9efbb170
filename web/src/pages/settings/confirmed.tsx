import { useState } from 'react'

/** A button whose action is asked about first, in place: the question, then Yes or Cancel. */
export function ConfirmedAction({
  text,
  label,
  question,
  yes,
  no,
  busy,
  onConfirm,
}: {
  text: string
  /** The button's accessible name (which row it acts on). */
  label: string
  question: string
  yes: string
  no: string
  busy: boolean
  onConfirm: () => void
}) {
  const [asking, setAsking] = useState(false)
  if (!asking)
    return (
      <button type="button" aria-label={label} onClick={() => setAsking(true)}>
        {text}
      </button>
    )
  return (
    <div className="settings-confirm">
      <span>{question}</span>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setAsking(false)
          onConfirm()
        }}
      >
        {yes}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {no}
      </button>
    </div>
  )
}
