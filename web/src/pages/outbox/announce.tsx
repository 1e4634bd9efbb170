import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiError } from '../../api'

/** A call's outcome as a sentence: what the server answered, or its refusal. */
export interface Said {
  text: string
  failed: boolean
}

/**
 * A change the page makes (a retry, a test send, a revocation), its outcome kept to be announced: the
 * sentence `run` makes of the answer, or the server's refusal. What `refresh` names is read again either way.
 */
export function useAnnounced<T>(run: (input: T) => Promise<string>, refresh: QueryKey) {
  const queryClient = useQueryClient()
  const [said, setSaid] = useState<Said | null>(null)
  const mutation = useMutation({
    mutationFn: run,
    onSuccess: (text) => setSaid({ text, failed: false }),
    onError: (error) =>
      setSaid({ text: error instanceof ApiError ? error.message : String(error), failed: true }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: refresh }),
  })
  return { mutation, said }
}

/** Where an outcome is announced (a live region, present before it speaks). */
export function Announcement({ said, className }: { said: Said | null; className?: string }) {
  return (
    <p role="status" className={`${className ?? ''} ${said?.failed ? 'error' : ''}`.trim()}>
      {said?.text}
    </p>
  )
}
