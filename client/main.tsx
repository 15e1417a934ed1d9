import { render } from 'solid-js/web';
import { App } from './App.jsx';
import './styles/base.css';
import './styles/print.css';
import '@fontsource/noto-sans-bengali/400.css';
import '@fontsource/noto-sans-bengali/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import { registerServiceWorker } from './offline/serviceWorker.js';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
render(() => <App />, root);
void registerServiceWorker();
