import { Route, Router, useLocation, type RouteSectionProps } from '@solidjs/router';
import { createEffect, ErrorBoundary, For, on } from 'solid-js';
import messages from '../i18n/messages/shell.js';
import { useMessages } from './i18n/language.js';
import { Header } from './shell/Header.jsx';
import { pages } from './routes.jsx';

const t = useMessages(messages);

/** What a page that failed to render shows: a message in the user's language, and a way on. */
function PageFailed(props: { error: unknown; reset: () => void }) {
  console.error(props.error);
  // Going to another page leaves the failure behind.
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => props.reset(),
      { defer: true },
    ),
  );
  return (
    <section class="page" role="alert">
      <h1>{t('pageBroke')}</h1>
      <p>{t('pageBrokeHint')}</p>
      <p>
        <button type="button" onClick={() => props.reset()}>
          {t('tryAgain')}
        </button>{' '}
        <a href="/">{t('backToStart')}</a>
      </p>
    </section>
  );
}

function Shell(props: RouteSectionProps) {
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <Header />
      <main id="main" tabindex="-1">
        {/* A page that throws shows a message in the shell instead of a blank screen. */}
        <ErrorBoundary fallback={(err, reset) => <PageFailed error={err} reset={reset} />}>
          {props.children}
        </ErrorBoundary>
      </main>
    </div>
  );
}

export function App() {
  return (
    <Router root={Shell}>
      <For each={pages}>{(page) => <Route path={page.path} component={page.component} />}</For>
      <Route
        path="*"
        component={() => (
          <section class="page">
            <h1>{t('pageNotFound')}</h1>
            <p>
              <a href="/">{t('backToStart')}</a>
            </p>
          </section>
        )}
      />
    </Router>
  );
}
