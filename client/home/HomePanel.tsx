/**
 * Building blocks of the role home pages: a titled panel whose body loads from the API (with a
 * loading line and a readable error), and a link that only appears when that page exists in the
 * registry and the user's role may open it, so a home never links to a page that is not there.
 */
import { A } from '@solidjs/router';
import { createResource, Show, Suspense, type JSX } from 'solid-js';
import { pages } from '../routes.jsx';
import { session } from '../session.js';
import { rolesAllow } from '../shell/navigation.js';
import { formatDate, formatDateTime } from '../ui/wording.js';
import messages from '../../i18n/messages/home.js';
import common from '../../i18n/messages/common.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);
const tCommon = useMessages(common);

export function PageLink(props: { path: string; children: JSX.Element; class?: string }) {
  const page = () => pages.find((p) => p.path === props.path);
  const allowed = () => {
    const p = page();
    return !!p && (!p.nav || rolesAllow(p.nav.roles, session.latest));
  };
  return (
    <Show when={allowed()}>
      <A href={props.path} class={props.class}>
        {props.children}
      </A>
    </Show>
  );
}

export function HomePanel<T>(props: {
  id: string;
  title: string;
  load: () => Promise<T>;
  children: (data: T) => JSX.Element;
  actions?: JSX.Element;
}) {
  const [data] = createResource(props.load);
  return (
    <section class="home-panel" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <Suspense
        fallback={
          <p class="hint" role="status">
            {tCommon('loading')}
          </p>
        }
      >
        <Show
          when={!data.error}
          fallback={
            <p class="error" role="alert">
              {(data.error as Error | undefined)?.message ?? t('couldNotLoad')}
            </p>
          }
        >
          <Show when={data()}>{(d) => props.children(d())}</Show>
        </Show>
      </Suspense>
      <Show when={props.actions}>
        <div class="home-actions">{props.actions}</div>
      </Show>
    </section>
  );
}

/** "3 days ago" style dates, with the exact time for screen readers and hover. */
export function When(props: { at: string }) {
  const date = () => new Date(props.at);
  return (
    <time datetime={props.at} title={formatDateTime(date())}>
      {formatDate(date())}
    </time>
  );
}
