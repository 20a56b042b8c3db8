import { useEffect, useState } from 'react';
import { App, Alert, Button, Card, Checkbox, Flex, Input, InputNumber, Popconfirm, Radio, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Attempt } from '@xiaoguan/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAttempt, useGradeAttempt, useSubmitAttempt } from './api';
import { AttemptTag } from './labels';

type Answers = Record<string, number[] | string>;

function Countdown({ deadline }: { deadline: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.floor((new Date(deadline).getTime() - now) / 1000));
  const text = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
  return (
    <Tag color={left < 60 ? 'error' : 'processing'} style={{ fontSize: 16, padding: '4px 8px' }} data-testid="exam-countdown">
      {t('training.exam.timeLeft')} {text}
    </Tag>
  );
}

function Question({
  attempt,
  index,
  answers,
  setAnswer,
  awards,
  setAward,
}: {
  attempt: Attempt;
  index: number;
  answers: Answers;
  setAnswer?: (id: string, value: number[] | string) => void;
  awards: Record<string, number>;
  setAward?: (id: string, value: number) => void;
}) {
  const { t } = useTranslation();
  const q = attempt.questions[index]!;
  const answer = answers[q.id];
  const chosen = Array.isArray(answer) ? answer : [];
  const options = q.kind === 'true_false' ? [t('training.exam.true'), t('training.exam.false')] : q.options;
  const got = attempt.points[q.id];
  const right = attempt.correct?.[q.id];
  const readOnly = !setAnswer;
  return (
    <Card size="small" data-testid={`question-${q.id}`}>
      <Flex justify="space-between" gap={8}>
        <Typography.Text strong style={{ whiteSpace: 'pre-wrap' }}>
          {index + 1}. {q.text}
        </Typography.Text>
        <Space size={4}>
          {q.kind === 'multiple' ? <Tag>{t('training.exam.multipleHint')}</Tag> : null}
          <Tag>{got !== undefined ? `${got} / ${q.points}` : t('training.exam.points', { points: q.points })}</Tag>
        </Space>
      </Flex>
      <div style={{ marginTop: 8 }}>
        {q.kind === 'short' ? (
          <Input.TextArea
            rows={3}
            value={typeof answer === 'string' ? answer : ''}
            readOnly={readOnly}
            maxLength={4000}
            placeholder={t('training.exam.shortPlaceholder')}
            onChange={(e) => setAnswer?.(q.id, e.target.value)}
          />
        ) : q.kind === 'multiple' ? (
          <Checkbox.Group
            value={chosen}
            disabled={readOnly}
            onChange={(values) => setAnswer?.(q.id, (values as number[]).slice().sort())}
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            options={options.map((label, i) => ({ value: i, label: right ? `${label}${right.includes(i) ? ' ✓' : ''}` : label }))}
          />
        ) : (
          <Radio.Group
            value={chosen[0]}
            disabled={readOnly}
            onChange={(e) => setAnswer?.(q.id, [e.target.value as number])}
            style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
            options={options.map((label, i) => ({ value: i, label: right ? `${label}${right.includes(i) ? ' ✓' : ''}` : label }))}
          />
        )}
      </div>
      {setAward && q.kind === 'short' ? (
        <Flex gap={8} align="center" style={{ marginTop: 8 }}>
          <Typography.Text>{t('training.exam.award')}</Typography.Text>
          <InputNumber min={0} max={q.points} value={awards[q.id]} onChange={(v) => setAward(q.id, v ?? 0)} data-testid={`award-${q.id}`} />
          <Typography.Text type="secondary">/ {q.points}</Typography.Text>
        </Flex>
      ) : null}
    </Card>
  );
}

/**
 * Taking an exam on a phone (issue 20 item 3, R-TRN-1): one column of questions, a countdown,
 * submit; afterwards the score with the right options. The trainer grades short answers here too.
 */
export default function ExamPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const attempt = useAttempt(id);
  const submit = useSubmitAttempt(id);
  const grade = useGradeAttempt(id);
  const [answers, setAnswers] = useState<Answers>({});
  const [awards, setAwards] = useState<Record<string, number>>({});
  const a = attempt.data;
  if (!a) return attempt.error ? <ErrorAlert error={attempt.error} /> : null;
  const taking = a.abilities['submit'];
  const grading = a.abilities['grade'];
  const shown = taking ? answers : a.answers;
  const send = () =>
    submit.mutate(answers, {
      onSuccess: (result) => (result.status === 'in_progress' ? undefined : window.scrollTo({ top: 0 })),
      onError: (error) => message.error(error.message),
    });
  return (
    <div style={{ maxWidth: 760, margin: '0 auto' }}>
      <Link to={`/training/sessions/${a.sessionId}`}>
        <ArrowLeftOutlined /> {a.sessionTitle}
      </Link>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '8px 0' }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {a.examTitle} · {t('training.session.attemptNo', { no: a.attemptNo })}
        </Typography.Title>
        {taking ? <Countdown deadline={a.deadlineAt} /> : <AttemptTag status={a.status} percent={a.percent} />}
      </Flex>
      {!taking ? (
        <Alert
          style={{ marginBottom: 12 }}
          type={a.status === 'passed' ? 'success' : a.status === 'failed' ? 'error' : 'info'}
          data-testid="exam-result"
          message={
            a.status === 'pending_grading'
              ? t('training.exam.pendingNote')
              : t('training.exam.score', { score: a.score ?? 0, max: a.maxScore, percent: a.percent ?? 0, pass: a.passPercent })
          }
          description={a.userName}
        />
      ) : null}
      <Flex vertical gap={12}>
        {a.questions.map((q, index) => (
          <Question
            key={q.id}
            attempt={a}
            index={index}
            answers={shown}
            setAnswer={taking ? (qid, value) => setAnswers((prev) => ({ ...prev, [qid]: value })) : undefined}
            awards={awards}
            setAward={grading ? (qid, value) => setAwards((prev) => ({ ...prev, [qid]: value })) : undefined}
          />
        ))}
      </Flex>
      <Flex justify="end" style={{ marginTop: 16 }}>
        {taking ? (
          <Popconfirm title={t('training.exam.confirmSubmit')} onConfirm={send}>
            <Button type="primary" size="large" block loading={submit.isPending} data-testid="exam-submit">
              {t('training.exam.submit')}
            </Button>
          </Popconfirm>
        ) : null}
        {grading ? (
          <Button
            type="primary"
            size="large"
            loading={grade.isPending}
            data-testid="grade-submit"
            onClick={() =>
              grade.mutate(awards, {
                onSuccess: () => message.success(t('training.exam.graded')),
                onError: (error) => message.error(error.message),
              })
            }
          >
            {t('training.exam.saveGrade')}
          </Button>
        ) : null}
      </Flex>
    </div>
  );
}
