import type { CsvTable } from './csv.js'
import type { SkipLog } from './skips.js'
import { isBlank, parseDecimal } from './values.js'

/** Product facts from olist_products_dataset.csv, ready to merge into an event's product object. */
export type OlistProductFacts = Record<string, string | number>

/**
 * The catalogue side of Olist: product facts with the category in English where a translation exists.
 * Remembers which rows were used, so unused rows can be reported as skipped.
 */
export interface OlistCatalog {
  factsOf(productId: string): OlistProductFacts
  /** Reports catalogue rows no imported order refers to. */
  reportUnused(skipped: SkipLog): void
}

// Olist measures products; these are the facts worth keeping on a product object (names are lengths only).
const MEASURES: Record<string, string> = {
  product_photos_qty: 'photos_qty',
  product_weight_g: 'weight_g',
  product_length_cm: 'length_cm',
  product_height_cm: 'height_cm',
  product_width_cm: 'width_cm',
}

/** Builds the catalogue from the optional products and category-translation files. */
export function olistCatalog(
  products: CsvTable | undefined,
  categoryNames: CsvTable | undefined,
): OlistCatalog {
  const english = new Map<string, { line: number; name: string }>()
  for (const row of categoryNames?.rows ?? []) {
    const name = row.fields.product_category_name ?? ''
    const translated = row.fields.product_category_name_english ?? ''
    if (!isBlank(name) && !isBlank(translated)) english.set(name, { line: row.line, name: translated })
  }
  const productRows = new Map<string, { line: number; fields: Record<string, string> }>()
  for (const row of products?.rows ?? []) productRows.set(row.fields.product_id ?? '', row)

  const usedProducts = new Set<string>()
  const usedCategories = new Set<string>()

  return {
    factsOf(productId) {
      const row = productRows.get(productId)
      if (!row) return {}
      usedProducts.add(productId)
      const facts: OlistProductFacts = {}
      const category = row.fields.product_category_name ?? ''
      if (!isBlank(category)) {
        usedCategories.add(category)
        // Keep the Portuguese name when there is no translation: a category is still a category.
        facts.category = english.get(category)?.name ?? category
      }
      for (const [column, fact] of Object.entries(MEASURES)) {
        const value = parseDecimal(row.fields[column] ?? '')
        if (value !== undefined) facts[fact] = value
      }
      return facts
    },
    reportUnused(skipped) {
      for (const row of products?.rows ?? []) {
        const id = row.fields.product_id ?? ''
        if (isBlank(id)) skipped.add(products?.file ?? '', row.line, 'product_id is empty')
        else if (!usedProducts.has(id) || productRows.get(id) !== row)
          skipped.add(products?.file ?? '', row.line, 'product is in no imported order (or listed twice)')
      }
      for (const row of categoryNames?.rows ?? []) {
        const name = row.fields.product_category_name ?? ''
        if (!usedCategories.has(name) || english.get(name)?.line !== row.line)
          skipped.add(categoryNames?.file ?? '', row.line, 'category is on no imported product')
      }
    },
  }
}
