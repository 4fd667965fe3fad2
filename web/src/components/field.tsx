import type { ReactNode } from "react";

/** What a field's control needs to be tied to its label, hint and error. */
export interface FieldControl {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string;
}

/** A form field: label, hint, the control (given by `children`) and its error, if any. */
export function Field({
  inputId,
  label,
  hint,
  error,
  dataField,
  children,
}: {
  inputId: string;
  label: ReactNode;
  hint: ReactNode;
  error?: string;
  dataField?: string;
  children: (control: FieldControl) => ReactNode;
}) {
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  return (
    <div className={`field${error ? " has-error" : ""}`} data-field={dataField}>
      <label htmlFor={inputId}>{label}</label>
      <p className="hint" id={hintId}>
        {hint}
      </p>
      {children({
        id: inputId,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": [hintId, error ? errorId : null].filter(Boolean).join(" "),
      })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
