// Entry point: finds the page's elements and starts the app.
import './styles/base.css';
import './styles/map.css';
import './styles/traces.css';
import './styles/timeline.css';
import './styles/warnings.css';
import { App } from './app.js';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html is missing the element #${id}`);
  return element as T;
}

new App({
  map: byId('map'),
  traces: byId('traces'),
  timeline: byId('timeline'),
  raw: byId('raw'),
  detailTitle: byId('detail-title'),
  banner: byId('banner'),
  status: byId('status'),
  stats: byId('stats'),
  warnings: byId('warnings'),
  footer: byId('footer'),
  windowSelect: byId<HTMLSelectElement>('window'),
  pauseButton: byId<HTMLButtonElement>('pause'),
}).start();
