import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../i18n/use-i18n";

// An ARIA 1.2 combobox with a list box: type to filter, arrows to move, Enter to
// pick, Escape to close. The parent supplies the options for the current text.

export interface ComboboxProps<T> {
  label: string;
  hint?: string;
  error?: string;
  text: string;
  onTextChange: (text: string) => void;
  options: readonly T[];
  selected: T | null;
  onSelect: (option: T | null) => void;
  optionKey: (option: T) => string;
  optionLabel: (option: T) => string;
  renderOption?: (option: T) => ReactNode;
  loading?: boolean;
  loadError?: string;
  name?: string;
}

export function Combobox<T>(props: ComboboxProps<T>) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const { options } = props;

  // Back to the first option when the list itself changes (not on every render).
  const optionKeys = options.map(props.optionKey).join("\u0000");
  const [active, setActive] = useState(optionKeys ? 0 : -1);
  const [activeFor, setActiveFor] = useState(optionKeys);
  if (activeFor !== optionKeys) {
    setActiveFor(optionKeys);
    setActive(optionKeys ? 0 : -1);
  }

  useEffect(() => {
    if (!open || active < 0) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    el?.scrollIntoView({ block: "nearest" });
  }, [active, open]);

  const pick = (option: T) => {
    props.onSelect(option);
    props.onTextChange(props.optionLabel(option));
    setOpen(false);
  };

  const describedBy = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null, `${id}-status`].filter(Boolean).join(" ");

  let status = "";
  if (open) {
    if (props.loading) status = t.award.searching;
    else if (props.loadError) status = props.loadError;
    else status = options.length === 0 ? t.award.noMatches : t.award.results(options.length);
  } else if (props.selected) {
    status = t.award.selected(props.optionLabel(props.selected));
  }

  return (
    <div className={`field combobox${props.error ? " has-error" : ""}`}>
      <label htmlFor={`${id}-input`} id={`${id}-label`}>
        {props.label}
      </label>
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <div className="combobox-wrap">
        <input
          ref={inputRef}
          id={`${id}-input`}
          name={props.name}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={`${id}-listbox`}
          aria-activedescendant={open && active >= 0 ? `${id}-opt-${active}` : undefined}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy}
          value={props.text}
          onChange={(e) => {
            props.onTextChange(e.target.value);
            if (props.selected) props.onSelect(null);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              if (!open) setOpen(true);
              else setActive((a) => Math.min(options.length - 1, a + 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === "Enter") {
              if (open && active >= 0 && options[active]) {
                e.preventDefault();
                pick(options[active]);
              }
            } else if (e.key === "Escape") {
              if (open) {
                e.preventDefault();
                setOpen(false);
              } else if (props.text) {
                e.preventDefault();
                props.onTextChange("");
                props.onSelect(null);
              }
            }
          }}
        />
        {(props.text || props.selected) && (
          <button
            type="button"
            className="combobox-clear"
            aria-label={`${t.award.clear}: ${props.label}`}
            onClick={() => {
              props.onTextChange("");
              props.onSelect(null);
              inputRef.current?.focus();
            }}
          >
            ×
          </button>
        )}
        <ul
          ref={listRef}
          id={`${id}-listbox`}
          role="listbox"
          aria-labelledby={`${id}-label`}
          className="combobox-list"
          hidden={!open || options.length === 0}
        >
          {options.map((o, i) => (
            <li
              key={props.optionKey(o)}
              id={`${id}-opt-${i}`}
              data-index={i}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(o)}
            >
              {props.renderOption ? props.renderOption(o) : props.optionLabel(o)}
            </li>
          ))}
        </ul>
      </div>
      <p className="visually-hidden" id={`${id}-status`} aria-live="polite">
        {status}
      </p>
      {props.error && (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}
