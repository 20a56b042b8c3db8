import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './survey.css';
import { PublicSurvey } from './PublicSurvey';

/**
 * The customer's survey answer page, `/s/:token` (issue 20 item 6), as its own entry: plain React and
 * a little CSS, none of the signed-in app (shell, antd, router, query cache), so a phone can answer
 * within a second of opening the link.
 */
const token = decodeURIComponent(window.location.pathname.replace(/^\/s\//, '').replace(/\/$/, ''));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PublicSurvey token={token} />
  </StrictMode>,
);
