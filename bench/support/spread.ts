/** "mean ± sd" (sample standard deviation) to four places: how a bench reports a figure over seeds. */
export function meanAndSd(values: number[]): string {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length
  const sd =
    values.length > 1
      ? Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1))
      : 0
  return `${mean.toFixed(4)} ± ${sd.toFixed(4)}`
}
