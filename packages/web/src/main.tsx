import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/global.css';
import './app/i18n';
import './core/time';
import { App } from './app/App';
import { startEarlyFetches } from './app/startup';

startEarlyFetches();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
