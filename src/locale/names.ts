/** The first name to greet or name someone by: a first-name trait, else the first word of a Latin name. */
export function firstNameOf(traits: Record<string, unknown> | undefined): string | null {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
  const first = text(traits?.first_name) ?? text(traits?.firstName)
  if (first) return first
  const name = text(traits?.name)
  if (!name) return null
  // "Mina Kim" → "Mina"; a Korean name ("김민아", "Kim Mina" is rare in a profile) is used whole.
  return /^[\p{Script=Latin}'’. -]+$/u.test(name) ? (name.split(/\s+/)[0] ?? name) : name
}
