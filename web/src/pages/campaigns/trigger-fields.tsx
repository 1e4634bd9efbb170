import { useLocale, useStrings } from '../../i18n'
import { SIGNAL_KINDS } from './api'
import type { Draft } from './draft'
import { GroupProblems } from './field-errors'
import { InputField, SelectField } from './inputs'
import { RulesEditor } from './rules-editor'
import { strings } from './strings'

type Change = (change: Partial<Draft>) => void

/** What makes a customer enter: a radar signal, a track event (with rules on it) or a segment's membership. */
export function TriggerFields({ draft, onChange }: { draft: Draft; onChange: Change }) {
  const { t } = useLocale()
  const s = useStrings(strings)
  return (
    <fieldset>
      <legend>{s.trigger}</legend>
      <GroupProblems path="body.trigger" />
      <SelectField
        path="body.trigger.type"
        label={s.triggerType}
        value={draft.triggerType}
        options={(['signal', 'event', 'segment'] as const).map((type) => [type, s.triggerTypes[type]])}
        onChange={(type) => onChange({ triggerType: type as Draft['triggerType'] })}
      />
      {draft.triggerType === 'signal' && (
        <SelectField
          path="body.trigger.kind"
          label={s.signalKind}
          value={draft.kind}
          options={SIGNAL_KINDS.map((k) => [k, t.kinds[k] ?? k])}
          onChange={(kind) => onChange({ kind })}
        />
      )}
      {draft.triggerType === 'event' && (
        <>
          <InputField
            path="body.trigger.event"
            label={s.eventName}
            value={draft.event}
            onChange={(event) => onChange({ event })}
          />
          <RulesEditor
            legend={s.eventRules}
            path="body.trigger.where"
            over="event"
            rules={draft.where}
            onChange={(where) => onChange({ where })}
          />
        </>
      )}
      {draft.triggerType === 'segment' ? (
        <>
          <RulesEditor
            legend={s.segmentRules}
            path="body.trigger.rules"
            over="profile"
            rules={draft.segmentRules}
            onChange={(segmentRules) => onChange({ segmentRules })}
          />
          <InputField
            path="body.trigger.everyHours"
            label={s.everyHours}
            number={{ min: 1 }}
            value={draft.everyHours}
            onChange={(everyHours) => onChange({ everyHours })}
          />
          <InputField
            path="body.trigger.reenterAfterDays"
            label={s.reenterAfterDays}
            number={{ min: 1 }}
            value={draft.reenterAfterDays}
            onChange={(reenterAfterDays) => onChange({ reenterAfterDays })}
          />
        </>
      ) : (
        <InputField
          path="body.trigger.maxAgeHours"
          label={s.maxAgeHours}
          number={{}}
          value={draft.maxAgeHours}
          onChange={(maxAgeHours) => onChange({ maxAgeHours })}
        />
      )}
    </fieldset>
  )
}
