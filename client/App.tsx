import { Route, Router, type RouteSectionProps } from '@solidjs/router';
import { For } from 'solid-js';
import { Header } from './shell/Header.jsx';
import { pages } from './routes.jsx';

function Shell(props: RouteSectionProps) {
  return (
    <div class="app">
      <a class="skip-link" href="#main">Skip to content</a>
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
      <Route path="*" component={() => <section class="page"><h1>Page not found</h1><p><a href="/">Back to the start</a></p></section>} />
    </Router>
  );
}
