/** The dashboard's browser client: one page, views chosen by the URL's hash (see router.ts). */
import { render } from 'preact';
import { App } from './App.js';
import './style.css';

render(<App />, document.getElementById('app')!);
