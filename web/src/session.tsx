import { createContext, type ReactNode, useContext } from 'react'
import type { Role, Session } from './api'

const RANK: Record<Role, number> = { viewer: 0, marketer: 1, admin: 2 }

/** Whether a role may do what `needed` may: the server decides (src/http/admin-auth.ts), the page follows. */
export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed]
}

const Context = createContext<Session | null>(null)

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <Context.Provider value={session}>{children}</Context.Provider>
}

/** The signed-in session, and whether its role may do what needs `role`. */
export function useSession(): Session & { can(role: Role): boolean } {
  const session = useContext(Context)
  if (!session) throw new Error('useSession outside SessionProvider')
  return { ...session, can: (role) => roleAllows(session.user.role, role) }
}
