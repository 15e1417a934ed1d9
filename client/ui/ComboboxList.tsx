/**
 * The list half of an ARIA 1.2 combobox (PlaceInput, TagPicker): the listbox with the highlighted
 * option, and the arrow keys that move the highlight. The input keeps focus throughout; the
 * highlight is announced through aria-activedescendant (`optionId`).
 */
import { For, type JSX, type Setter } from 'solid-js';

export const optionId = (comboboxId: string, index: number) => `${comboboxId}-opt-${index}`;

/**
 * ArrowDown and ArrowUp over `count` options, wrapping at either end. ArrowDown on a closed list
 * opens it; with `openOnly` that press only opens it (the highlight moves from the next press).
 * Says whether it handled the key.
 */
export function moveHighlight(
  e: KeyboardEvent,
  list: {
    count: number;
    open: boolean;
    setOpen: (open: boolean) => void;
    setActive: Setter<number>;
    openOnly?: boolean;
  },
): boolean {
  const { count } = list;
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    if (list.openOnly && !list.open) {
      if (count) list.setOpen(true);
    } else {
      list.setOpen(true);
      if (count) list.setActive((i) => (i + 1) % count);
    }
    return true;
  }
  if (e.key === 'ArrowUp') {
    e.preventDefault();
    if (count) list.setActive((i) => (i <= 0 ? count - 1 : i - 1));
    return true;
  }
  return false;
}

export function ComboboxList<T>(props: {
  /** The combobox input's id: the list is `${id}-list`, the options `${id}-opt-N`. */
  id: string;
  label: string;
  items: T[];
  open: boolean;
  active: number;
  onChoose: (item: T) => void;
  children: (item: T) => JSX.Element;
}) {
  return (
    <ul
      id={`${props.id}-list`}
      role="listbox"
      aria-label={props.label}
      class="combobox-list"
      hidden={!props.open || props.items.length === 0}
    >
      <For each={props.items}>
        {(item, i) => (
          <li
            id={optionId(props.id, i())}
            role="option"
            tabIndex={-1}
            aria-selected={props.active === i()}
            classList={{ active: props.active === i() }}
            // mousedown, not click: the input keeps focus, so the list is not closed first.
            onMouseDown={(e) => {
              e.preventDefault();
              props.onChoose(item);
            }}
          >
            {props.children(item)}
          </li>
        )}
      </For>
    </ul>
  );
}
