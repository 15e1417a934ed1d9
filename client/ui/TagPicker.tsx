/**
 * The one tag picker of the forms (gap check, proposals): chosen needs as chips with a remove
 * button each, and a searchable combobox over the taxonomy ("wal" → Walking groups). Usable on a
 * phone, unlike fifty checkboxes in a scroll box. With `groups`, a parent tag is offered as
 * "All of …". Keys as in PlaceInput: arrows, Enter, Escape.
 */
import { createMemo, createSignal, For, Show } from 'solid-js';
import { taxonomy, tagName, type TaxonomyTerm } from '../map/taxonomy.js';
import { ComboboxList, moveHighlight, optionId } from './ComboboxList.jsx';
import './combobox.css';
import ui from '../../i18n/messages/ui.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(ui);

export interface TagPickerProps {
  id: string;
  label: string;
  selected: readonly string[];
  onChange: (slugs: string[]) => void;
  hint?: string;
  error?: string;
  /** Offer parent tags ("All of Health") as well as their children. */
  groups?: boolean;
}

interface Option {
  slug: string;
  name: string;
  group: string;
}

export function TagPicker(props: TagPickerProps) {
  const [query, setQuery] = createSignal('');
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  const listId = `${props.id}-list`;

  const allOptions = createMemo<Option[]>(() => {
    const terms: TaxonomyTerm[] = taxonomy.latest ?? [];
    const parents = terms.filter((t) => t.parent === null);
    return parents.flatMap((p) => [
      ...(props.groups
        ? [{ slug: p.slug, name: t('allOf', { group: p.name }), group: p.name }]
        : []),
      ...terms
        .filter((t) => t.parent === p.slug)
        .map((c) => ({ slug: c.slug, name: c.name, group: p.name })),
    ]);
  });
  const options = createMemo(() => {
    const q = query().trim().toLowerCase();
    const chosen = new Set(props.selected);
    return allOptions().filter(
      (o) =>
        !chosen.has(o.slug) &&
        (!q || o.name.toLowerCase().includes(q) || o.group.toLowerCase().includes(q)),
    );
  });

  const add = (o: Option) => {
    props.onChange([...props.selected, o.slug]);
    setQuery('');
    setActive(-1);
  };
  const remove = (slug: string) => props.onChange(props.selected.filter((s) => s !== slug));

  const onKeyDown = (e: KeyboardEvent) => {
    const count = options().length;
    if (moveHighlight(e, { count, open: open(), setOpen, setActive })) return;
    if (e.key === 'Enter') {
      if (!open() || !count) return;
      e.preventDefault();
      const pick = options()[active()] ?? (query().trim() ? options()[0] : undefined);
      if (pick) add(pick);
    } else if (e.key === 'Escape') {
      if (open()) setOpen(false);
      else setQuery('');
    } else if (e.key === 'Backspace' && !query() && props.selected.length) {
      remove(props.selected[props.selected.length - 1]!);
    }
  };

  const describedBy = () =>
    [
      props.hint ? `${props.id}-hint` : '',
      props.error ? `${props.id}-error` : '',
      `${props.id}-chosen`,
    ]
      .filter(Boolean)
      .join(' ');

  return (
    <div
      class="field combobox tag-picker"
      onFocusOut={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <label for={props.id}>{props.label}</label>
      <Show when={props.hint}>
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      </Show>
      <ul class="chips" aria-label={t('chosenList', { label: props.label })}>
        <For each={props.selected}>
          {(slug) => (
            <li data-tag={slug}>
              {tagName(slug)}
              <button
                type="button"
                aria-label={t('remove', { name: tagName(slug) })}
                onClick={() => remove(slug)}
              >
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
      <span class="visually-hidden" id={`${props.id}-chosen`}>
        {props.selected.length
          ? t('chosen', { names: props.selected.map(tagName).join(', ') })
          : t('noneChosen')}
      </span>
      <input
        id={props.id}
        type="text"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded={open() && options().length > 0}
        aria-controls={listId}
        aria-activedescendant={open() && active() >= 0 ? optionId(props.id, active()) : undefined}
        aria-describedby={describedBy()}
        aria-invalid={props.error ? 'true' : undefined}
        placeholder={t('typeToSearch')}
        value={query()}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
      />
      <ComboboxList
        id={props.id}
        label={t('options', { label: props.label })}
        items={options()}
        open={open()}
        active={active()}
        onChoose={add}
      >
        {(o) => (
          <>
            <span class="combobox-name">{o.name}</span>{' '}
            <span class="combobox-detail">{o.group}</span>
          </>
        )}
      </ComboboxList>
      <Show when={props.error}>
        <span class="field-error" id={`${props.id}-error`}>
          {props.error}
        </span>
      </Show>
    </div>
  );
}
