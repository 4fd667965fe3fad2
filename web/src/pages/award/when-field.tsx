import { useId } from "react";
import { useI18n } from "../../i18n/use-i18n";
import { localOffset } from "../../lib/dates";
import { Field } from "../../components/field";

/** The optional time of an award, in the browser's local time (its offset shown in the hint). */
export function WhenField({ value, error, onChange }: { value: string; error?: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <Field inputId={`${id}-when`} label={t.award.whenLabel} hint={t.award.whenHint(localOffset(new Date()))} error={error} dataField="when">
      {(control) => (
        <input {...control} name="awardedAt" type="datetime-local" step={1} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}
