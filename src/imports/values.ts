/** Reads a decimal as written in exports ("2.55", "-1", " 3 "); undefined when it is not a finite number. */
export function parseDecimal(text: string): number | undefined {
  const value = text.trim()
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value)) return undefined
  const number = Number(value)
  return Number.isFinite(number) ? number : undefined
}

/** Reads a whole number ("6", "-71"); undefined for anything else, "2.5" included. */
export function parseWholeNumber(text: string): number | undefined {
  const value = text.trim()
  return /^[-+]?\d+$/.test(value) ? Number(value) : undefined
}

/** Rounds money to cents, so that sums of binary floats print as the shop wrote them (0.1 + 0.2 → 0.3). */
export function roundMoney(amount: number): number {
  return Math.round(amount * 100) / 100
}

/** Treats the usual spellings of "no value" in exports as empty. */
export function isBlank(text: string | undefined): boolean {
  if (text === undefined) return true
  const value = text.trim()
  return value === '' || value === 'NA' || value === 'NULL' || value === 'null'
}
