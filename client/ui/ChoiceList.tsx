/**
 * A set of checkboxes for choosing several values from a list, shown in words (languages,
 * accessibility features). Values already chosen that the list does not know stay shown and
 * ticked, so editing never drops them silently.
 */
import { For, Show } from 'solid-js';
import { FieldError } from './Field.jsx';

export function ChoiceList(props: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  options: readonly string[];
  label: (value: string) => string;
  selected: readonly string[];
  onChange: (values: string[]) => void;
}) {
  const all = () => [...props.options, ...props.selected.filter((v) => !props.options.includes(v))];
  const toggle = (value: string, on: boolean) =>
    props.onChange(
      on ? [...new Set([...props.selected, value])] : props.selected.filter((v) => v !== value),
    );
  return (
    <fieldset
      class="choice-list"
      id={props.id}
      aria-describedby={
        [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
          .filter(Boolean)
          .join(' ') || undefined
      }
    >
      <legend>{props.legend}</legend>
      <Show when={props.hint}>
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      </Show>
      <FieldError id={`${props.id}-error`} message={props.error} />
      <div class="choice-grid">
        <For each={all()}>
          {(value) => (
            <label class="check">
              <input
                type="checkbox"
                value={value}
                checked={props.selected.includes(value)}
                onChange={(e) => toggle(value, e.currentTarget.checked)}
              />{' '}
              {props.label(value)}
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
