/**
 * The API's refusal of a campaign, shown where it applies: each `{field, problem}` of a 400 goes next to
 * the input whose path it names (`body.steps.0.template`), which is marked `aria-invalid` and described by
 * it; a summary at the top lists them all, each a link to its input.
 */
import { createContext, type MouseEvent, type ReactNode, useContext } from 'react'

export interface FieldProblem {
  field: string
  problem: string
}

const Context = createContext<FieldProblem[]>([])

export const FieldErrorsProvider = ({
  problems,
  children,
}: {
  problems: FieldProblem[]
  children: ReactNode
}) => <Context.Provider value={problems}>{children}</Context.Provider>

/** The element id of the input for an API field path. */
export const inputId = (path: string) => `f-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`

/**
 * An input's id and ARIA wiring for the API field at `path`, and the problems the API named there (to be
 * drawn by `<Problems>`).
 */
export function useField(path: string) {
  const problems = useContext(Context).filter((p) => p.field === path)
  const id = inputId(path)
  const errorId = `${id}-error`
  return {
    problems,
    errorId,
    props: {
      id,
      name: path,
      'aria-invalid': problems.length > 0 ? true : undefined,
      'aria-describedby': problems.length > 0 ? errorId : undefined,
    },
  }
}

/** The problems with one field, beside its input. */
function Problems({ field }: { field: ReturnType<typeof useField> }) {
  if (field.problems.length === 0) return null
  return (
    <span id={field.errorId} className="field-error">
      {field.problems.map((p) => p.problem).join('; ')}
    </span>
  )
}

/**
 * One input with its label, what it takes (`children` after the control: hints) and the API's problems
 * with it; the control gets the field's props from `useField`.
 */
export function FieldRow({
  field,
  label,
  className,
  children,
}: {
  field: ReturnType<typeof useField>
  label: ReactNode
  className?: string
  children: ReactNode
}) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={field.props.id}>{label}</label>
      {children}
      <Problems field={field} />
    </div>
  )
}

/** The problems at a group's own path (`body.steps`: too few steps), for a fieldset's legend to carry. */
export function GroupProblems({ path }: { path: string }) {
  const field = useField(path)
  return <Problems field={field} />
}

/** Moves to the input itself (the page's router watches the address, so the fragment is not followed). */
const focusInput = (field: string) => (event: MouseEvent) => {
  event.preventDefault()
  const input = document.getElementById(inputId(field))
  input?.scrollIntoView({ block: 'center' })
  input?.focus()
}

/**
 * The summary of the refusal, at the top of the form: `message` and each problem as a link to its input
 * (`label` names the field in the reader's language, or the path when it has no name).
 */
export function ProblemSummary({
  title,
  message,
  problems,
  label,
}: {
  title: string
  message: string
  problems: FieldProblem[]
  label: (field: string) => string
}) {
  return (
    <div role="alert" className="error-summary">
      <h2>{title}</h2>
      {problems.length === 0 ? (
        <p>{message}</p>
      ) : (
        <ul>
          {problems.map((p) => (
            <li key={`${p.field}:${p.problem}`}>
              <a href={`#${inputId(p.field)}`} onClick={focusInput(p.field)}>
                {label(p.field)}
              </a>
              : {p.problem}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
