/**
 * Form fields with their hint and error tied to the control for screen readers: `Field` (a
 * labelled input), `Labelled` (the same around any control), `FieldError` (an error on its own,
 * beside a control the page lays out itself) and `FormError` (the form's overall error).
 */
import { Show, splitProps, type JSX } from 'solid-js';
import commonMessages from '../../i18n/messages/common.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(commonMessages);

/**
 * A field's error (the server's reason, by field), shown "Error: …" so it is not colour alone;
 * `alert` announces it as it appears, for a form with no overall error to land on.
 */
export function FieldError(props: {
  id: string;
  message: string | null | undefined;
  alert?: boolean;
}) {
  return (
    <Show when={props.message}>
      {(e) => (
        <span class="field-error" id={props.id} role={props.alert ? 'alert' : undefined}>
          {t('errorPrefix', { message: e() })}
        </span>
      )}
    </Show>
  );
}

export interface LabelledProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** The error's element id, for the control's aria-describedby; `${id}-error` by default. */
  errorId?: string;
  children: JSX.Element;
}

/** A labelled control with its hint and error; the control sets its own aria-describedby. */
export function Labelled(props: LabelledProps) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <Show when={props.hint}>
        {(h) => (
          <span class="hint" id={`${props.id}-hint`}>
            {h()}
          </span>
        )}
      </Show>
      <FieldError id={props.errorId ?? `${props.id}-error`} message={props.error} />
      {props.children}
    </div>
  );
}

export interface FieldProps extends JSX.InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

/** A labelled input. */
export function Field(props: FieldProps) {
  const [own, input] = splitProps(props, ['id', 'label', 'hint', 'error']);
  const describedBy = () =>
    [own.hint ? `${own.id}-hint` : '', own.error ? `${own.id}-error` : '']
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <Labelled id={own.id} label={own.label} hint={own.hint} error={own.error}>
      <input
        id={own.id}
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={describedBy()}
        {...input}
      />
    </Labelled>
  );
}

/** The form's overall error, announced and focusable so keyboard users land on it. */
export function FormError(props: { message: string | null; ref?: (el: HTMLDivElement) => void }) {
  return (
    <Show when={props.message}>
      {(m) => (
        <div class="form-error" role="alert" tabindex="-1" ref={props.ref}>
          {m()}
        </div>
      )}
    </Show>
  );
}
