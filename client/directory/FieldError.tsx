/** Server validation errors beside the control they name (by API field path). */
import { Show, type JSX } from 'solid-js';
import common from '../../i18n/messages/common.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(common);

export function FieldError(props: { errors: Record<string, string>; name: string }) {
  return <Show when={props.errors[props.name]}>{(e) => <span class="field-error" id={`err-${props.name}`}>{t('errorPrefix', { message: e() })}</span>}</Show>;
}

/** A labelled control whose error (by API field name) sits next to it and is announced with it. */
export function Labelled(props: { id: string; label: string; name: string; errors: Record<string, string>; hint?: string; children: JSX.Element }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <Show when={props.hint}><span class="hint">{props.hint}</span></Show>
      <FieldError errors={props.errors} name={props.name} />
      {props.children}
    </div>
  );
}
