import type { ReactNode } from 'react'
import { FieldRow, useField } from './field-errors'

/** A choice among `options` ([value, label]) for the API field at `path`, with its label and problems. */
export function SelectField({
  path,
  label,
  value,
  options,
  onChange,
  children,
}: {
  path: string
  label: ReactNode
  value: string
  options: readonly (readonly [string, string])[]
  onChange(value: string): void
  children?: ReactNode
}) {
  const field = useField(path)
  return (
    <FieldRow field={field} label={label}>
      <select {...field.props} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      {children}
    </FieldRow>
  )
}

/**
 * A typed value for the API field at `path`. `number` inputs keep min and max as hints only: the form is
 * sent unvalidated (noValidate), so the API, not the browser, decides.
 */
export function InputField({
  path,
  label,
  value,
  onChange,
  number,
  className,
  children,
}: {
  path: string
  label: ReactNode
  value: string
  onChange(value: string): void
  number?: { min?: number; max?: number; step?: string }
  className?: string
  children?: ReactNode
}) {
  const field = useField(path)
  return (
    <FieldRow field={field} label={label} className={className}>
      <input
        {...field.props}
        {...(number ? { type: 'number', ...number } : {})}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {children}
    </FieldRow>
  )
}
