import { useEffect, useState, type ReactNode } from 'react';
import type { Locale, PublicSurvey as Survey, SurveyAnswer } from '@xiaoguan/shared';
import { LOCALE_STORAGE_KEY, storedLocale } from '../../../core/locale';
import { publicSurveyMessages } from './messages';

type Strings = (typeof publicSurveyMessages)['en-US'];

/** What the page shows: loading, an answerable survey, or one of the ends. */
type Stage = { kind: 'loading' } | { kind: 'open'; survey: Survey } | { kind: 'thanks' | 'answered' | 'expired' | 'notFound' | 'failed' };

async function readError(response: Response): Promise<string | null> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? null;
}

/** The language as the app keeps it (stored choice, else the browser's), switchable on the page. */
function useLocale(): [Locale, () => void] {
  const [locale, setLocale] = useState<Locale>(storedLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const toggle = () => {
    const next: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // Private mode: the choice simply is not remembered.
    }
    setLocale(next);
  };
  return [locale, toggle];
}

/** A row of score buttons (CSAT 1–5, NPS 0–10), big enough for a thumb. */
function ScoreRow(props: {
  from: number;
  to: number;
  value: number | null;
  onChange: (value: number) => void;
  low: string;
  high: string;
  testId: string;
  label: string;
}) {
  const scores = Array.from({ length: props.to - props.from + 1 }, (_, i) => props.from + i);
  return (
    <fieldset className="sv-question">
      <legend className="sv-label">{props.label}</legend>
      <div className={`sv-scores${scores.length > 5 ? ' sv-scores-wide' : ''}`} data-testid={props.testId} role="radiogroup">
        {scores.map((score) => (
          <button
            key={score}
            type="button"
            role="radio"
            aria-checked={props.value === score}
            className={`sv-score${props.value === score ? ' sv-score-on' : ''}`}
            onClick={() => props.onChange(score)}
            data-testid={`${props.testId}-${score}`}
          >
            {score}
          </button>
        ))}
      </div>
      <div className="sv-ends">
        <span>{props.low}</span>
        <span>{props.high}</span>
      </div>
    </fieldset>
  );
}

function Form({ survey, token, s, onDone }: { survey: Survey; token: string; s: Strings; onDone: (stage: Stage) => void }) {
  const [csat, setCsat] = useState<number | null>(null);
  const [nps, setNps] = useState<number | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const submit = async () => {
    const body: SurveyAnswer = {
      csat: survey.csat ? csat : null,
      nps: survey.nps ? nps : null,
      answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v.trim())),
      comment: comment.trim() || null,
    };
    if (body.csat === null && body.nps === null && !Object.keys(body.answers ?? {}).length && !body.comment) {
      setProblem(s.required);
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      const response = await fetch(`/api/v1/public/surveys/${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) return onDone({ kind: 'thanks' });
      if (response.status === 409) return onDone({ kind: 'answered' });
      setProblem((await readError(response)) ?? s.failed);
    } catch {
      setProblem(s.failed);
    } finally {
      setSending(false);
    }
  };
  return (
    <form
      className="sv-card"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <p className="sv-intro">{s.intro}</p>
      {survey.csat ? (
        <ScoreRow from={1} to={5} value={csat} onChange={setCsat} low={s.csatLow} high={s.csatHigh} testId="survey-csat" label={s.csat} />
      ) : null}
      {survey.nps ? (
        <ScoreRow from={0} to={10} value={nps} onChange={setNps} low={s.npsLow} high={s.npsHigh} testId="survey-nps" label={s.nps} />
      ) : null}
      {survey.questions.map((q) => (
        <label key={q.id} className="sv-question">
          <span className="sv-label">{q.text}</span>
          <textarea
            rows={2}
            maxLength={2000}
            value={answers[q.id] ?? ''}
            onChange={(e) => setAnswers((current) => ({ ...current, [q.id]: e.target.value }))}
          />
        </label>
      ))}
      <label className="sv-question">
        <span className="sv-label">{s.comment}</span>
        <textarea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="survey-comment" />
      </label>
      {problem ? (
        <p className="sv-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="sv-submit" disabled={sending} aria-busy={sending} data-testid="survey-submit">
        {s.submit}
      </button>
    </form>
  );
}

/**
 * The customer's answer page (no sign-in, R-SVC-2 scores what it sends): one answer per link, phone
 * first, in Chinese or English.
 */
export function PublicSurvey({ token }: { token: string }) {
  const [locale, toggleLocale] = useLocale();
  const s = publicSurveyMessages[locale] as Strings;
  const [stage, setStage] = useState<Stage>({ kind: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/v1/public/surveys/${encodeURIComponent(token)}`, { signal: controller.signal })
      .then(async (response) => {
        if (response.status === 404 || response.status === 400) return setStage({ kind: 'notFound' });
        if (!response.ok) return setStage({ kind: 'failed' });
        const survey = (await response.json()) as Survey;
        setStage(survey.status === 'open' ? { kind: 'open', survey } : { kind: survey.status });
      })
      .catch(() => {
        if (!controller.signal.aborted) setStage({ kind: 'failed' });
      });
    return () => controller.abort();
  }, [token]);
  useEffect(() => {
    document.title = s.title;
  }, [s.title]);
  const other: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  const end = (testId: string, text: string, tone: 'ok' | 'info' | 'warn'): ReactNode => (
    <div className={`sv-card sv-end sv-end-${tone}`} data-testid={testId} role="status">
      {text}
    </div>
  );
  let content: ReactNode;
  switch (stage.kind) {
    case 'loading':
      content = (
        <div className="sv-card sv-loading" aria-busy="true">
          {s.loading}
        </div>
      );
      break;
    case 'open':
      content = <Form survey={stage.survey} token={token} s={s} onDone={setStage} />;
      break;
    case 'thanks':
      content = end('survey-thanks', s.thanks, 'ok');
      break;
    case 'answered':
      content = end('survey-answered', s.answered, 'info');
      break;
    case 'expired':
      content = end('survey-expired', s.expired, 'warn');
      break;
    case 'notFound':
      content = end('survey-not-found', s.notFound, 'warn');
      break;
    default:
      content = end('survey-failed', s.failed, 'warn');
  }
  return (
    <main className="sv-page">
      <header className="sv-header">
        <h1 data-testid="page-title">{s.title}</h1>
        <button
          type="button"
          className="sv-language"
          onClick={toggleLocale}
          data-testid="language-switch"
          data-locale={locale}
          aria-label={s.language}
          title={s.language}
        >
          <span lang={other}>{s.switchTo}</span>
        </button>
      </header>
      {content}
    </main>
  );
}
