/**
 * The next-basket benchmark's file format: a JSON object `{user: [basket, ...]}`, baskets in time order,
 * each a list of item ids (integers in the published files; strings accepted), the last basket the one to
 * predict. A file that is not that shape is refused naming its first bad entry.
 */

export class BasketsFileError extends Error {}

/** Users' baskets, oldest first, with items as strings (duplicates within a basket removed). */
export type UserBaskets = Map<string, string[][]>

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}

/** Parses the file's text; `minBaskets` is the fewest baskets a user needs (a history and a target). */
export function parseBasketsFile(text: string, minBaskets = 2): UserBaskets {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new BasketsFileError(`not JSON: ${(error as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new BasketsFileError(`expected an object {user: [basket, ...]}, found ${describe(parsed)}`)
  const users: UserBaskets = new Map()
  for (const [user, baskets] of Object.entries(parsed)) {
    if (!Array.isArray(baskets))
      throw new BasketsFileError(
        `user ${JSON.stringify(user)}: expected a list of baskets, found ${describe(baskets)}`,
      )
    if (baskets.length < minBaskets)
      throw new BasketsFileError(
        `user ${JSON.stringify(user)}: ${baskets.length} basket(s), at least ${minBaskets} needed (history and target)`,
      )
    users.set(
      user,
      baskets.map((basket, b) => {
        const where = `user ${JSON.stringify(user)}, basket ${b}`
        if (!Array.isArray(basket) || basket.length === 0)
          throw new BasketsFileError(
            `${where}: expected a non-empty list of item ids, found ${describe(basket)}`,
          )
        return [
          ...new Set(
            basket.map((item, i) => {
              const ok =
                (typeof item === 'number' && Number.isInteger(item)) ||
                (typeof item === 'string' && item !== '')
              if (!ok)
                throw new BasketsFileError(
                  `${where}, item ${i}: expected an item id, found ${describe(item)}`,
                )
              return String(item)
            }),
          ),
        ]
      }),
    )
  }
  if (users.size === 0) throw new BasketsFileError('the file holds no users')
  return users
}
