/** /directory/mine — the organiser's own services, stalest first to prompt a check. */
import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { session } from '../session.js';
import { directoryApi, type Service } from './directoryApi.js';
import { ServiceCard } from './ServiceCard.jsx';
import './directory.css';
import messages from '../../i18n/messages/servicePage.js';
import { useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(messages);

function MyServices() {
  const [items, setItems] = createSignal<Service[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);

  async function load(more: boolean) {
    const organisationId = session.latest?.organisationId;
    try {
      // Admins have no organisation of their own: they see every service.
      const page = await directoryApi.search({ organisationId: organisationId ?? undefined, limit: 50, cursor: more ? cursor() : null });
      setItems(more ? [...items(), ...page.items] : page.items);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('couldNotLoadMine'));
    }
  }
  void load(false);

  const stale = () => items().filter((s) => s.stale).length;

  return (
    <section class="page directory">
      <h1>{t('myTitle')}</h1>
      <p><A class="button" href="/services/new">{t('listNew')}</A></p>
      <Show when={stale()}>
        <p class="conflict" role="note">{t(stale() === 1 ? 'staleOne' : 'staleMany', { count: formatNumber(stale()) })}</p>
      </Show>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <div class="results">
        <For each={items()} fallback={<p>{t('noneYet')}</p>}>{(s) => <ServiceCard service={s} />}</For>
      </div>
      <Show when={cursor()}><p><button type="button" onClick={() => void load(true)}>{t('loadMore')}</button></p></Show>
    </section>
  );
}

export default function MyServicesPage() {
  return <RequireRole roles={['organiser']}><MyServices /></RequireRole>;
}
