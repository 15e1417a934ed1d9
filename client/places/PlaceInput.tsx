/**
 * The one place input of the app (map search, directory "near", gap check, proposal form): an
 * ARIA 1.2 combobox over GET /api/v1/places. Type "Bethnal", "E2 6" or a venue's name, move with
 * the arrow keys, choose with Enter or a click; Enter with nothing highlighted takes the first
 * match, so "E2 6" + Enter works everywhere. Escape closes the list, then clears the text.
 */
import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js';
import { placesApi, type Place } from './placesApi.js';
import { ComboboxList, moveHighlight, optionId } from '../ui/ComboboxList.jsx';
import '../ui/combobox.css';
import ui from '../../i18n/messages/ui.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(ui);
import { formatNumber } from '../ui/wording.js';

const DEBOUNCE_MS = 180;

export interface PlaceInputProps {
  id: string;
  label: string;
  /** The text shown, e.g. a place restored from the URL; changing it replaces what is typed. */
  text?: string;
  hint?: string;
  error?: string;
  placeholder?: string;
  /** Visually hide the label (the map's search box); it is still read out. */
  hideLabel?: boolean;
  onChoose: (place: Place) => void;
  /** Every edit of the text, so a form can tell a chosen place from a changed text. */
  onTextChange?: (text: string) => void;
}

export function PlaceInput(props: PlaceInputProps) {
  const [text, setText] = createSignal(props.text ?? '');
  const [items, setItems] = createSignal<Place[]>([]);
  const [open, setOpen] = createSignal(false);
  const [active, setActive] = createSignal(-1);
  const [status, setStatus] = createSignal('');
  const listId = `${props.id}-list`;
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  /** The search behind a pending Enter, so Enter right after typing still takes the first match. */
  let pending: Promise<Place[]> | null = null;

  createEffect(
    on(
      () => props.text,
      (t) => t !== undefined && setText(t),
      { defer: true },
    ),
  );
  onCleanup(() => {
    clearTimeout(timer);
    controller?.abort();
  });

  const search = (q: string): Promise<Place[]> => {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    return placesApi.search(q, current.signal).then(
      (found) => {
        if (current.signal.aborted) return found;
        setItems(found);
        setActive(-1);
        setOpen(true);
        setStatus(
          found.length === 1
            ? t('onePlaceFound')
            : found.length
              ? t('placesFound', { count: formatNumber(found.length) })
              : t('noPlaceFound'),
        );
        return found;
      },
      () => [],
    );
  };

  const onInput = (value: string) => {
    setText(value);
    props.onTextChange?.(value);
    clearTimeout(timer);
    if (value.trim().length < 1) {
      controller?.abort();
      pending = null;
      setItems([]);
      setOpen(false);
      setStatus('');
      return;
    }
    pending = new Promise((done) => {
      timer = setTimeout(() => void search(value.trim()).then(done), DEBOUNCE_MS);
    });
  };

  const choose = (place: Place) => {
    setText(place.name);
    props.onTextChange?.(place.name);
    setOpen(false);
    setActive(-1);
    setStatus(`${place.name} chosen.`);
    props.onChoose(place);
  };

  const onKeyDown = async (e: KeyboardEvent) => {
    if (
      moveHighlight(e, { count: items().length, open: open(), setOpen, setActive, openOnly: true })
    )
      return;
    if (e.key === 'Enter') {
      // Inside a form, Enter chooses a place rather than submitting with a half-typed one.
      if (!text().trim()) return;
      e.preventDefault();
      const highlighted = open() ? items()[active()] : undefined;
      if (highlighted) return choose(highlighted);
      const found = pending ? await pending : items();
      if (found[0]) choose(found[0]);
    } else if (e.key === 'Escape') {
      if (open()) setOpen(false);
      else onInput('');
    }
  };

  const describedBy = () =>
    [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div
      class="field combobox"
      onFocusOut={(e) => {
        // Close when focus leaves the input and its list (a click on an option keeps it until chosen).
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <label for={props.id} classList={{ 'visually-hidden': !!props.hideLabel }}>
        {props.label}
      </label>
      <Show when={props.hint}>
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      </Show>
      <input
        id={props.id}
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={open() && items().length > 0}
        aria-controls={listId}
        aria-activedescendant={active() >= 0 ? optionId(props.id, active()) : undefined}
        aria-describedby={describedBy()}
        aria-invalid={props.error ? 'true' : undefined}
        placeholder={props.placeholder}
        value={text()}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={(e) => void onKeyDown(e)}
        onFocus={() => items().length && text().trim() && setOpen(true)}
      />
      <ComboboxList
        id={props.id}
        label={t('suggestions', { label: props.label })}
        items={items()}
        open={open()}
        active={active()}
        onChoose={choose}
      >
        {(p) => (
          <>
            <span class="combobox-name">{p.name}</span>{' '}
            <span class="combobox-detail">{p.detail}</span>
          </>
        )}
      </ComboboxList>
      <Show when={props.error}>
        <span class="field-error" id={errorId}>
          {props.error}
        </span>
      </Show>
      <span class="visually-hidden" role="status" aria-live="polite">
        {status()}
      </span>
    </div>
  );
}
