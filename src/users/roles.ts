/** Who may do what, from least to most: each role may do all that the ones before it may. */
export const ROLES = ['viewer', 'marketer', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Whether `role` may do what needs `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed)
}
