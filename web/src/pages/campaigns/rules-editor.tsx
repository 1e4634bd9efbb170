import { useStrings } from '../../i18n'
import { PROFILE_FIELDS, type ProfileField, RULE_OPS } from './api'
import { emptyRule, type RuleDraft } from './draft'
import { GroupProblems } from './field-errors'
import { InputField, SelectField } from './inputs'
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
  const boolean = over === 'profile' && PROFILE_FIELDS[rule.name as keyof typeof PROFILE_FIELDS] === 'boolean'
  const setValue = (value: string) => onChange({ value })
  return (
    <li className="rule">
      <GroupProblems path={path} />
      {over === 'profile' ? (
        <SelectField
          path={`${path}.field`}
          label={s.ruleField(number)}
          value={rule.name}
          options={Object.keys(PROFILE_FIELDS).map((f) => [f, s.profileFields[f as ProfileField]])}
          onChange={(field) =>
            // A yes/no field takes only =, and a value of its kind.
            onChange({
              name: field,
              ...(PROFILE_FIELDS[field as ProfileField] === 'boolean' ? { op: '=', value: 'true' } : {}),
            })
          }
        />
      ) : (
        <InputField
          path={`${path}.property`}
          label={s.ruleProperty(number)}
          value={rule.name}
          onChange={(name) => onChange({ name })}
        />
      )}
      <SelectField
        path={`${path}.op`}
        label={s.ruleOp(number)}
        value={rule.op}
        options={RULE_OPS.map((o) => [o, o])}
        onChange={(op) => onChange({ op })}
      />
      {boolean ? (
        <SelectField
          path={`${path}.value`}
          label={s.ruleValue(number)}
          value={rule.value}
          options={[
            ['true', s.yes],
            ['false', s.no],
          ]}
          onChange={setValue}
        />
      ) : (
        <InputField
          path={`${path}.value`}
          label={s.ruleValue(number)}
          value={rule.value}
          onChange={setValue}
        />
      )}
      <button type="button" onClick={onRemove}>
        {s.removeRule(number)}
      </button>
    </li>
  )
}
