/**
 * "Figures to the week ending …": every map, gap and dashboard view says which published week its
 * need figures run to (DESIGN.md "Publication"). Nothing is published yet → it says so.
 */
import { Show } from 'solid-js';
import messages from '../../i18n/messages/releases.js';
import { useMessages } from '../i18n/language.js';
import { weekEnding } from './weeks.js';

const t = useMessages(messages);

export function FiguresTo(props: { publishedThrough: string | null | undefined }) {
  return (
    <Show when={props.publishedThrough !== undefined}>
      <p class="figures-to hint" data-published-through={props.publishedThrough ?? ''}>
        <Show when={props.publishedThrough} fallback={<>{t('nothingPublished')}</>}>
          {(week) => <>{t('figuresTo', { week: weekEnding(week()) })}</>}
        </Show>
      </p>
    </Show>
  );
}
