import { For } from 'solid-js';
import { taxonomy, taxonomyTree } from './taxonomy.js';

/**
 * The need filter every map panel shares: a labelled select of the taxonomy, grouped by parent,
 * where a parent option means "all of" its children and the empty value means every need.
 */
export function NeedTagSelect(props: { id: string; label: string; value: string; onChange: (slug: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">All needs</option>
        <For each={taxonomyTree(taxonomy.latest ?? [])}>
          {(group) => (
            <optgroup label={group.term.name}>
              <option value={group.term.slug}>All of {group.term.name}</option>
              <For each={group.children}>{(child) => <option value={child.slug}>{child.name}</option>}</For>
            </optgroup>
          )}
        </For>
      </select>
    </div>
  );
}
