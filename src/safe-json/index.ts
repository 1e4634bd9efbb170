/** JSON values the database can store: no NUL, no lone surrogate, nesting within MAX_JSON_DEPTH. */
export {
  findUnstorable,
  MAX_JSON_DEPTH,
  type RepairedJson,
  repairText,
  repairUnstorable,
  textProblem,
  type UnstorableValue,
} from './scan.js'
