/** /directory/mine — the organiser's own services, stalest first to prompt a check. */
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { session } from '../session.js';
import { directoryApi } from './directoryApi.js';
import { ServiceCard } from './ServiceCard.jsx';
import './directory.css';
import messages from '../../i18n/messages/servicePage.js';
import { useMessages } from '../i18n/language.js';
import { createPagedList } from '../ui/pagedList.js';
import { formatNumber } from '../ui/wording.js';

const t = useMessages(messages);

function MyServices() {
  // Admins have no organisation of their own: they see every service.
  const services = createPagedList(
    (cursor, signal) =>
      directoryApi.search(
        { organisationId: session.latest?.organisationId ?? undefined, limit: 50, cursor },
        signal,
      ),
    { failed: () => t('couldNotLoadMine') },
  );

  const stale = () => services.items().filter((s) => s.stale).length;

  return (
    <section class="page directory">
      <h1>{t('myTitle')}</h1>
      <p>
        <A class="button" href="/services/new">
          {t('listNew')}
        </A>
      </p>
      <Show when={stale()}>
        <p class="conflict" role="note">
          {t(stale() === 1 ? 'staleOne' : 'staleMany', { count: formatNumber(stale()) })}
        </p>
      </Show>
      <Show when={services.error()}>
        <p class="error" role="alert">
          {services.error()}
        </p>
      </Show>
      <div class="results">
        <For each={services.items()} fallback={<p>{t('noneYet')}</p>}>
          {(s) => <ServiceCard service={s} />}
        </For>
      </div>
      <Show when={services.hasMore()}>
        <p>
          <button type="button" onClick={() => void services.more()}>
            {t('loadMore')}
          </button>
        </p>
      </Show>
    </section>
  );
}

export default function MyServicesPage() {
  return (
    <RequireRole roles={['organiser']}>
      <MyServices />
    </RequireRole>
  );
}
