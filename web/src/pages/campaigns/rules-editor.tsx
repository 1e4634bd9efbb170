import { useStrings } from '../../i18n'
import { PROFILE_FIELDS, RULE_OPS } from './api'
import { emptyRule, type RuleDraft } from './draft'
import { FieldRow, GroupProblems, useField } from './field-errors'
import { strings } from './strings'

/**
 * A list of rules, every one of which must hold: over profile fields (an audience, a segment) or over the
 * triggering event's properties. `path` is the API's field path of the list (`body.audience`).
 */
export function RulesEditor({
  legend,
  path,
  over,
  rules,
  onChange,
}: {
  legend: string
  path: string
  over: 'profile' | 'event'
  rules: RuleDraft[]
  onChange(rules: RuleDraft[]): void
}) {
  const s = useStrings(strings)
  const set = (key: number, change: Partial<RuleDraft>) =>
    onChange(rules.map((r) => (r.key === key ? { ...r, ...change } : r)))
  return (
    <fieldset className="rules">
      <legend>{legend}</legend>
      <GroupProblems path={path} />
      {rules.length === 0 && (
        <p className="hint">{over === 'profile' ? s.noRulesEveryone : s.noRulesEvery}</p>
      )}
      <ol>
        {rules.map((rule, i) => (
          <RuleRow
            key={rule.key}
            path={`${path}.${i}`}
            number={i + 1}
            over={over}
            rule={rule}
            onChange={(change) => set(rule.key, change)}
            onRemove={() => onChange(rules.filter((r) => r.key !== rule.key))}
          />
        ))}
      </ol>
      <button
        type="button"
        onClick={() => onChange([...rules, emptyRule(over === 'profile' ? 'orders_count' : '')])}
      >
        {s.addRule}
      </button>
    </fieldset>
  )
}

function RuleRow({
  path,
  number,
  over,
  rule,
  onChange,
  onRemove,
}: {
  path: string
  number: number
  over: 'profile' | 'event'
  rule: RuleDraft
  onChange(change: Partial<RuleDraft>): void
  onRemove(): void
}) {
  const s = useStrings(strings)
  const name = useField(`${path}.${over === 'profile' ? 'field' : 'property'}`)
  const op = useField(`${path}.op`)
  const value = useField(`${path}.value`)
  const boolean = over === 'profile' && PROFILE_FIELDS[rule.name as keyof typeof PROFILE_FIELDS] === 'boolean'
  return (
    <li className="rule">
      <GroupProblems path={path} />
      <FieldRow field={name} label={over === 'profile' ? s.ruleField(number) : s.ruleProperty(number)}>
        {over === 'profile' ? (
          <select
            {...name.props}
            value={rule.name}
            onChange={(e) => {
              const field = e.target.value
              const kind = PROFILE_FIELDS[field as keyof typeof PROFILE_FIELDS]
              onChange({ name: field, ...(kind === 'boolean' ? { op: '=', value: 'true' } : {}) })
            }}
          >
            {Object.keys(PROFILE_FIELDS).map((f) => (
              <option key={f} value={f}>
                {s.profileFields[f as keyof typeof PROFILE_FIELDS]}
              </option>
            ))}
          </select>
        ) : (
          <input {...name.props} value={rule.name} onChange={(e) => onChange({ name: e.target.value })} />
        )}
      </FieldRow>
      <FieldRow field={op} label={s.ruleOp(number)}>
        <select {...op.props} value={rule.op} onChange={(e) => onChange({ op: e.target.value })}>
          {RULE_OPS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </FieldRow>
      <FieldRow field={value} label={s.ruleValue(number)}>
        {boolean ? (
          <select {...value.props} value={rule.value} onChange={(e) => onChange({ value: e.target.value })}>
            <option value="true">{s.yes}</option>
            <option value="false">{s.no}</option>
          </select>
        ) : (
          <input {...value.props} value={rule.value} onChange={(e) => onChange({ value: e.target.value })} />
        )}
      </FieldRow>
      <button type="button" onClick={onRemove}>
        {s.removeRule(number)}
      </button>
    </li>
  )
}
