/** The "show more" button under a paged list: there while the server has another page, off while one loads. */
import { Show } from 'solid-js';
import type { PagedList } from './pagedList.js';

export function LoadMore(props: { list: PagedList<unknown>; label: string; class?: string }) {
  return (
    <Show when={props.list.hasMore()}>
      <button
        type="button"
        class={props.class ?? 'secondary'}
        disabled={props.list.loading()}
        onClick={() => void props.list.more()}
      >
        {props.label}
      </button>
    </Show>
  );
}
