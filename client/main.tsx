import { render } from 'solid-js/web';
import { App } from './App.jsx';
import './styles/base.css';
import './styles/print.css';
import { registerServiceWorker } from './offline/serviceWorker.js';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
render(() => <App />, root);
void registerServiceWorker();
