import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import type { SurveyAnswer } from '@xiaoguan/shared';
import { isApiError } from '../../core/api';
import { LanguageSwitch } from '../../core/LanguageSwitch';
import { useAnswerSurvey, usePublicSurvey } from './api';

/** A row of score buttons (CSAT 1–5, NPS 0–10), big enough for a thumb. */
function ScoreRow({
  from,
  to,
  value,
  onChange,
  low,
  high,
  testId,
}: {
  from: number;
  to: number;
  value: number | null;
  onChange: (value: number) => void;
  low: string;
  high: string;
  testId: string;
}) {
  const scores = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return (
    <div>
      <Flex gap={6} wrap data-testid={testId}>
        {scores.map((score) => (
          <Button
            key={score}
            type={value === score ? 'primary' : 'default'}
            onClick={() => onChange(score)}
            style={{ minWidth: 40, height: 44, flex: to - from > 5 ? '1 0 40px' : '1 0 52px' }}
            data-testid={`${testId}-${score}`}
          >
            {score}
          </Button>
        ))}
      </Flex>
      <Flex justify="space-between" style={{ marginTop: 4, fontSize: 12, color: '#64748b' }}>
        <span>{low}</span>
        <span>{high}</span>
      </Flex>
    </div>
  );
}

/**
 * The customer's answer page (no sign-in, R-SVC-2): opened from the link in the message, one answer
 * per link, phone first, in Chinese or English.
 */
export default function PublicSurveyPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const survey = usePublicSurvey(token);
  const answer = useAnswerSurvey(token);
  const [csat, setCsat] = useState<number | null>(null);
  const [nps, setNps] = useState<number | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const frame = (content: React.ReactNode) => (
    <div style={{ minHeight: '100vh', background: '#f1f5f9', padding: '16px 12px' }}>
      <div style={{ maxWidth: 560, margin: '0 auto' }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
            {t('service.public.title')}
          </Typography.Title>
          <LanguageSwitch compact />
        </Flex>
        {content}
      </div>
    </div>
  );
  if (survey.isPending) return frame(<Skeleton active />);
  if (survey.error)
    return frame(
      <Result
        status={isApiError(survey.error) && survey.error.status === 404 ? '404' : 'error'}
        title={t(
          isApiError(survey.error) && (survey.error.status === 404 || survey.error.status === 400)
            ? 'service.public.notFound'
            : 'app.crashed.title',
        )}
      />,
    );
  const s = survey.data;
  if (answer.isSuccess) return frame(<Result status="success" title={t('service.public.thanks')} data-testid="survey-thanks" />);
  if (s.status === 'answered') return frame(<Result status="info" title={t('service.public.answered')} data-testid="survey-answered" />);
  if (s.status === 'expired') return frame(<Result status="warning" title={t('service.public.expired')} data-testid="survey-expired" />);
  const submit = () => {
    const body: SurveyAnswer = {
      csat: s.csat ? csat : null,
      nps: s.nps ? nps : null,
      answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v.trim())),
      comment: comment.trim() || null,
    };
    if (body.csat === null && body.nps === null && !Object.keys(body.answers ?? {}).length && !body.comment) {
      setMissing(true);
      return;
    }
    setMissing(false);
    answer.mutate(body);
  };
  return frame(
    <Card>
      <Typography.Paragraph type="secondary">{t('service.public.intro')}</Typography.Paragraph>
      <Flex vertical gap={20}>
        {s.csat ? (
          <div>
            <Typography.Text strong>{t('service.public.csat')}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              <ScoreRow
                from={1}
                to={5}
                value={csat}
                onChange={setCsat}
                low={t('service.public.csatLow')}
                high={t('service.public.csatHigh')}
                testId="survey-csat"
              />
            </div>
          </div>
        ) : null}
        {s.nps ? (
          <div>
            <Typography.Text strong>{t('service.public.nps')}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              <ScoreRow
                from={0}
                to={10}
                value={nps}
                onChange={setNps}
                low={t('service.public.npsLow')}
                high={t('service.public.npsHigh')}
                testId="survey-nps"
              />
            </div>
          </div>
        ) : null}
        {s.questions.map((q) => (
          <div key={q.id}>
            <Typography.Text strong>{q.text}</Typography.Text>
            <Input.TextArea
              rows={2}
              maxLength={2000}
              style={{ marginTop: 8 }}
              value={answers[q.id] ?? ''}
              onChange={(e) => setAnswers((current) => ({ ...current, [q.id]: e.target.value }))}
            />
          </div>
        ))}
        <div>
          <Typography.Text strong>{t('service.public.comment')}</Typography.Text>
          <Input.TextArea
            rows={3}
            maxLength={2000}
            style={{ marginTop: 8 }}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            data-testid="survey-comment"
          />
        </div>
        {missing ? <Alert type="warning" showIcon message={t('service.public.required')} /> : null}
        {answer.error ? (
          <Alert
            type="error"
            showIcon
            message={isApiError(answer.error) && answer.error.status === 409 ? t('service.public.answered') : answer.error.message}
          />
        ) : null}
        <Button type="primary" size="large" block loading={answer.isPending} onClick={submit} data-testid="survey-submit">
          {t('service.public.submit')}
        </Button>
      </Flex>
    </Card>,
  );
}
