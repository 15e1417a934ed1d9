/** A labelled input with its hint and server error tied to it for screen readers. */
import { Show, splitProps, type JSX } from 'solid-js';
import commonMessages from '../../i18n/messages/common.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(commonMessages);

export interface FieldProps extends JSX.InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

export function Field(props: FieldProps) {
  const [own, input] = splitProps(props, ['id', 'label', 'hint', 'error']);
  const describedBy = () => [own.hint ? `${own.id}-hint` : '', own.error ? `${own.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={own.id}>{own.label}</label>
      <Show when={own.hint}>{(h) => <span class="hint" id={`${own.id}-hint`}>{h()}</span>}</Show>
      <Show when={own.error}>{(e) => <span class="field-error" id={`${own.id}-error`}>{t('errorPrefix', { message: e() })}</span>}</Show>
      <input id={own.id} aria-invalid={own.error ? 'true' : undefined} aria-describedby={describedBy()} {...input} />
    </div>
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
