import { Route, Router, type RouteSectionProps } from '@solidjs/router';
import { For } from 'solid-js';
import messages from '../i18n/messages/shell.js';
import { useMessages } from './i18n/language.js';
import { Header } from './shell/Header.jsx';
import { pages } from './routes.jsx';

const t = useMessages(messages);

function Shell(props: RouteSectionProps) {
  return (
    <div class="app">
      <a class="skip-link" href="#main">{t('skipToContent')}</a>
      <Header />
      <main id="main" tabindex="-1">
        {props.children}
      </main>
    </div>
  );
}

export function App() {
  return (
    <Router root={Shell}>
      <For each={pages}>{(page) => <Route path={page.path} component={page.component} />}</For>
      <Route path="*" component={() => <section class="page"><h1>{t('pageNotFound')}</h1><p><a href="/">{t('backToStart')}</a></p></section>} />
    </Router>
  );
}
