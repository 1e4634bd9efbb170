import type { Random } from './random.js'

/** One product of the demo shop, in the shape of Segment's product object. */
export interface CatalogueProduct {
  product_id: string
  sku: string
  category: string
  name: string
  brand: string
  variant: string
  /** KRW, whole won (KRW has no minor unit). */
  price: number
  url: string
  image_url: string
}

interface CategoryPlan {
  category: string
  /** Share of the catalogue. */
  share: number
  /** Price range in thousands of won. */
  priceK: [number, number]
  nouns: readonly string[]
  variants: readonly string[]
}

const CATEGORIES: readonly CategoryPlan[] = [
  {
    category: 'outer',
    share: 0.14,
    priceK: [89, 389],
    nouns: ['Wool Coat', 'Trench Coat', 'Padded Jacket', 'Blazer', 'Leather Jacket'],
    variants: ['S', 'M', 'L'],
  },
  {
    category: 'knit',
    share: 0.14,
    priceK: [39, 149],
    nouns: ['Cable Knit', 'Cardigan', 'Cashmere Sweater', 'Knit Vest'],
    variants: ['S', 'M', 'L'],
  },
  {
    category: 'top',
    share: 0.16,
    priceK: [19, 69],
    nouns: ['Cotton Tee', 'Oxford Shirt', 'Sweatshirt', 'Blouse'],
    variants: ['S', 'M', 'L', 'XL'],
  },
  {
    category: 'dress',
    share: 0.1,
    priceK: [49, 189],
    nouns: ['Slip Dress', 'Shirt Dress', 'Knit Dress', 'Midi Dress'],
    variants: ['S', 'M', 'L'],
  },
  {
    category: 'pants',
    share: 0.14,
    priceK: [39, 129],
    nouns: ['Wide Slacks', 'Denim', 'Cargo Pants', 'Jogger'],
    variants: ['26', '28', '30', '32'],
  },
  {
    category: 'skirt',
    share: 0.06,
    priceK: [35, 99],
    nouns: ['Pleated Skirt', 'Denim Skirt', 'Long Skirt'],
    variants: ['S', 'M', 'L'],
  },
  {
    category: 'shoes',
    share: 0.1,
    priceK: [59, 259],
    nouns: ['Loafer', 'Sneaker', 'Ankle Boot', 'Mary Jane'],
    variants: ['230', '240', '250', '260', '270'],
  },
  {
    category: 'bag',
    share: 0.08,
    priceK: [49, 299],
    nouns: ['Tote Bag', 'Shoulder Bag', 'Backpack', 'Cross Bag'],
    variants: ['black', 'ivory', 'brown'],
  },
  {
    category: 'accessory',
    share: 0.08,
    priceK: [9, 59],
    nouns: ['Muffler', 'Beanie', 'Ball Cap', 'Socks Set', 'Hair Clip'],
    variants: ['free'],
  },
]

const BRANDS = ['Haneul', 'Bom Studio', 'Seoulite', 'Danmi', 'Gureum', 'Maru & Co', 'Ontae', 'Saebyeok']
const COLOURS = ['Black', 'Ivory', 'Navy', 'Charcoal', 'Beige', 'Khaki', 'Camel', 'Sky Blue', 'Pink']

/** Builds the catalogue: `size` products spread over categories, with prices in whole thousands of won. */
export function buildCatalogue(random: Random, size: number): CatalogueProduct[] {
  const products: CatalogueProduct[] = []
  for (const plan of CATEGORIES) {
    const count = Math.max(1, Math.round(size * plan.share))
    for (let i = 0; i < count; i++) {
      const n = products.length + 1
      const id = `p${String(n).padStart(4, '0')}`
      const colour = random.pick(COLOURS)
      // Shops price at round thousands just under a step: 39,000, 129,000.
      const thousands = random.int(plan.priceK[0], plan.priceK[1])
      const price = (Math.floor(thousands / 10) * 10 + 9) * 1000
      // Frozen: page views share the catalogue object as their properties.
      products.push(
        Object.freeze({
          product_id: id,
          sku: `${plan.category.slice(0, 3).toUpperCase()}-${String(n).padStart(4, '0')}`,
          category: plan.category,
          name: `${colour} ${random.pick(plan.nouns)}`,
          brand: random.pick(BRANDS),
          variant: random.pick(plan.variants),
          price,
          url: `https://shop.example.kr/products/${id}`,
          image_url: `https://shop.example.kr/images/${id}.jpg`,
        }),
      )
    }
  }
  return products
}
