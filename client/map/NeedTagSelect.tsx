import { createEffect, For } from 'solid-js';
import { taxonomy, taxonomyTree } from './taxonomy.js';
import messages from '../../i18n/messages/map.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

/**
 * The need filter every map panel shares: a labelled select of the taxonomy, grouped by parent,
 * where a parent option means "all of" its children and the empty value means every need.
 */
export function NeedTagSelect(props: {
  id: string;
  label: string;
  value: string;
  onChange: (slug: string) => void;
}) {
  let select!: HTMLSelectElement;
  // A value from the URL may arrive before the taxonomy: apply it again once the options exist
  // (a select drops a value that has no option yet).
  createEffect(() => {
    void taxonomy.latest;
    select.value = props.value;
  });
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select ref={select} id={props.id} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('allNeeds')}</option>
        <For each={taxonomyTree(taxonomy.latest ?? [])}>
          {(group) => (
            <optgroup label={group.term.name}>
              <option value={group.term.slug}>All of {group.term.name}</option>
              <For each={group.children}>
                {(child) => <option value={child.slug}>{child.name}</option>}
              </For>
            </optgroup>
          )}
        </For>
      </select>
    </div>
  );
}
