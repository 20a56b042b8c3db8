import { useCallback, useState } from 'react';
import {
  App,
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Rate,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CameraOutlined, CheckOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { SessionDetail, TrainingEnrolment } from '@xiaoguan/shared';
import { useTimeZone } from '../../core/session';
import { inZone } from '../../core/time';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QrScanner } from '../events';
import {
  useBanks,
  useCancelEnrolment,
  useCheckIn,
  useEnrol,
  useEnrolmentQr,
  useFeedback,
  useSession,
  useSetExam,
  useStartAttempt,
  useTeam,
} from './api';
import { AttemptTag, EnrolmentTag } from './labels';
import { MaterialFiles, PracticalTasks } from './SessionPractice';

/** The person's own check-in pass: QR of the enrolment token and the typed code under it. */
export function CheckInPass({ enrolmentId }: { enrolmentId: string }) {
  const { t } = useTranslation();
  const qr = useEnrolmentQr(enrolmentId);
  if (!qr.data) return qr.error ? <ErrorAlert error={qr.error} /> : null;
  return (
    <Flex vertical align="center" gap={4} data-testid="checkin-pass">
      <div style={{ width: 200, height: 200 }} dangerouslySetInnerHTML={{ __html: qr.data.qrSvg }} />
      <Typography.Text code style={{ fontSize: 20, letterSpacing: 2 }} data-testid="checkin-code">
        {qr.data.code}
      </Typography.Text>
      <Typography.Text type="secondary">{t('training.session.passHint')}</Typography.Text>
    </Flex>
  );
}

/** Attendance on the trainer's phone (issue 20 item 2): the events QR scanner, or the typed code. */
function CheckInCard({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const checkIn = useCheckIn(sessionId);
  const [code, setCode] = useState('');
  const [scanning, setScanning] = useState(false);
  const send = useCallback(
    (body: { token?: string; enrolmentId?: string }) =>
      checkIn.mutate(body, {
        onSuccess: (r) => message.success(t(r.already ? 'training.session.already' : 'training.session.checkedIn', { name: r.userName })),
        onError: (error) => message.error(error.message),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [sessionId],
  );
  const onCode = useCallback((scanned: string) => send({ token: scanned.trim() }), [send]);
  return (
    <Card size="small" title={t('training.session.checkIn')} data-testid="training-checkin">
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder={t('training.session.typeCode')}
          maxLength={64}
          size="large"
          data-testid="checkin-input"
          onPressEnter={() => code.trim() && (send({ token: code.trim() }), setCode(''))}
        />
        <Button
          size="large"
          type="primary"
          icon={<CheckOutlined />}
          disabled={!code.trim()}
          onClick={() => (send({ token: code.trim() }), setCode(''))}
          data-testid="checkin-submit"
        >
          {t('training.session.checkInButton')}
        </Button>
      </Space.Compact>
      <Button block size="large" icon={<CameraOutlined />} style={{ marginTop: 8 }} onClick={() => setScanning((s) => !s)}>
        {t('training.session.scan')}
      </Button>
      {scanning ? <QrScanner onCode={onCode} onClose={() => setScanning(false)} /> : null}
    </Card>
  );
}

function ExamSetup({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const banks = useBanks();
  const setExam = useSetExam(session.id);
  const [form] = Form.useForm<{ bankId: string; title: string; passPercent: number; timeLimitMinutes: number; maxAttempts: number }>();
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={session.exam ?? { title: session.title, passPercent: 60, timeLimitMinutes: 30, maxAttempts: 2 }}
      onFinish={(values) =>
        setExam.mutate(values, {
          onSuccess: () => message.success(t('training.plan.saved')),
          onError: (error) => message.error(error.message),
        })
      }
    >
      <Row gutter={8}>
        <Col xs={24} sm={12}>
          <Form.Item name="bankId" label={t('training.session.bank')} rules={[{ required: true }]}>
            <Select options={(banks.data ?? []).map((b) => ({ value: b.id, label: b.title }))} data-testid="exam-bank" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="title" label={t('training.session.examTitle')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item name="passPercent" label={t('training.session.passPercent')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item name="timeLimitMinutes" label={t('training.session.timeLimit')} rules={[{ required: true }]}>
            <InputNumber min={1} max={600} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item name="maxAttempts" label={t('training.session.maxAttempts')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Button htmlType="submit" loading={setExam.isPending} data-testid="exam-save">
        {t('training.session.setExam')}
      </Button>
    </Form>
  );
}

function AssignCard({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const team = useTeam();
  const enrol = useEnrol(session.id);
  const [ids, setIds] = useState<string[]>([]);
  const listed = new Set(session.enrolments.filter((e) => e.status !== 'cancelled').map((e) => e.userId));
  return (
    <Card size="small" title={t('training.session.assign')}>
      <Flex gap={8} wrap>
        <Select
          mode="multiple"
          value={ids}
          onChange={setIds}
          placeholder={t('training.session.assignHint')}
          style={{ flex: '1 1 220px' }}
          optionFilterProp="label"
          data-testid="assign-select"
          options={(team.data ?? []).filter((m) => !listed.has(m.userId)).map((m) => ({ value: m.userId, label: m.userName }))}
        />
        <Button
          type="primary"
          disabled={!ids.length}
          loading={enrol.isPending}
          data-testid="assign-submit"
          onClick={() =>
            enrol.mutate(ids, {
              onSuccess: (r) => (message.success(t('training.session.assignedOk', r)), setIds([])),
              onError: (error) => message.error(error.message),
            })
          }
        >
          {t('training.session.assign')}
        </Button>
      </Flex>
    </Card>
  );
}

function FeedbackCard({ enrolment }: { enrolment: TrainingEnrolment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const feedback = useFeedback();
  const [rating, setRating] = useState(enrolment.feedbackRating ?? 0);
  const [comment, setComment] = useState(enrolment.feedbackComment ?? '');
  return (
    <Card size="small" title={t('training.session.feedback')}>
      <Flex vertical gap={8}>
        <Rate value={rating} onChange={setRating} aria-label={t('training.session.rating')} />
        <Input.TextArea
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={t('training.session.comment')}
          maxLength={2000}
          rows={2}
        />
        <Button
          disabled={!rating}
          loading={feedback.isPending}
          onClick={() =>
            feedback.mutate(
              { enrolmentId: enrolment.id, rating, comment },
              { onSuccess: () => message.success(t('training.session.thanks')), onError: (error) => message.error(error.message) },
            )
          }
        >
          {t('training.session.sendFeedback')}
        </Button>
      </Flex>
    </Card>
  );
}

/** A session (issue 20 item 2): details, enrolment, my pass, attendance by QR, the exam and its grading. */
export default function SessionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const timeZone = useTimeZone();
  const session = useSession(id);
  const enrol = useEnrol(id);
  const cancel = useCancelEnrolment();
  const start = useStartAttempt(id);
  const checkIn = useCheckIn(id);
  const s = session.data;
  if (!s) return session.error ? <ErrorAlert error={session.error} /> : null;
  const mine = s.enrolments.find((e) => e.id === s.myEnrolmentId) ?? null;
  const columns: ColumnsType<TrainingEnrolment> = [
    { title: t('training.session.columns.name'), dataIndex: 'userName', width: 120 },
    { title: t('training.session.columns.status'), render: (_, e) => <EnrolmentTag status={e.status} />, width: 100 },
    {
      title: t('training.session.columns.attended'),
      width: 130,
      render: (_, e) =>
        e.attendedAt ? (
          <Tag color="success" data-testid={`attended-${e.userName}`}>
            {inZone(e.attendedAt, timeZone).format('MM-DD HH:mm')}
          </Tag>
        ) : s.abilities['checkIn'] && e.status === 'enrolled' ? (
          <Button size="small" onClick={() => checkIn.mutate({ enrolmentId: e.id }, { onError: (error) => message.error(error.message) })}>
            {t('training.session.markPresent')}
          </Button>
        ) : null,
    },
    {
      title: t('training.session.columns.exam'),
      render: (_, e) => <AttemptTag status={e.examStatus} percent={e.examPercent} />,
      width: 120,
    },
    { title: t('training.session.columns.feedback'), render: (_, e) => (e.feedbackRating ? '★'.repeat(e.feedbackRating) : ''), width: 100 },
    { title: t('training.session.columns.assignedBy'), dataIndex: 'assignedByName', width: 110 },
  ];
  return (
    <>
      <Link to="/training">
        <ArrowLeftOutlined /> {t('training.session.back')}
      </Link>
      <PageHeader
        title={s.title}
        subtitle={`${s.planTitle} · ${t(`training.topics.${s.topic}`)} · ${t(`training.methods.${s.method}`)} · ${t(`training.levels.${s.level}`)}`}
        extra={
          <Space wrap>
            {mine ? <EnrolmentTag status={mine.status} /> : null}
            {s.abilities['enrol'] ? (
              <Button
                type="primary"
                loading={enrol.isPending}
                data-testid="session-enrol"
                onClick={() =>
                  enrol.mutate(undefined, {
                    onSuccess: (r) => message.success(t(r.waitlisted ? 'training.session.waitlistedOk' : 'training.session.enrolledOk')),
                    onError: (error) => message.error(error.message),
                  })
                }
              >
                {t('training.session.enrol')}
              </Button>
            ) : null}
            {mine && mine.status !== 'cancelled' && !mine.attendedAt ? (
              <Button
                onClick={() =>
                  cancel.mutate(mine.id, {
                    onSuccess: () => message.success(t('training.session.cancelled')),
                    onError: (error) => message.error(error.message),
                  })
                }
              >
                {t('training.session.cancel')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <Flex vertical gap={12}>
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                <Descriptions.Item label={t('training.session.when')}>
                  {inZone(s.startsAt, timeZone).format('YYYY-MM-DD HH:mm')} – {inZone(s.endsAt, timeZone).format('HH:mm')}
                </Descriptions.Item>
                <Descriptions.Item label={t('training.session.where')}>{s.location}</Descriptions.Item>
                <Descriptions.Item label={t('training.session.trainer')}>{s.trainerName ?? s.externalTrainer ?? ''}</Descriptions.Item>
                <Descriptions.Item label={t('training.session.places')}>
                  {s.enrolled} / {s.capacity}
                  {s.waitlisted ? ` · ${t('training.session.waitlist', { count: s.waitlisted })}` : ''}
                </Descriptions.Item>
                {s.certification ? (
                  <Descriptions.Item label={t('training.plan.form.certification')}>{s.certification}</Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
            <Card size="small" title={t('training.session.materials')}>
              {s.materials.length || s.files.length ? null : (
                <Typography.Text type="secondary">{t('training.session.noMaterials')}</Typography.Text>
              )}
              {s.materials.length ? (
                <List
                  size="small"
                  dataSource={s.materials}
                  renderItem={(m) => (
                    <List.Item style={{ paddingInline: 0 }}>
                      <a href={m.url} target="_blank" rel="noreferrer">
                        {m.title}
                      </a>
                    </List.Item>
                  )}
                />
              ) : null}
              <MaterialFiles session={s} />
            </Card>
            <Card size="small" title={t('training.session.exam')} data-testid="session-exam">
              {s.exam ? (
                <Typography.Paragraph>
                  <Typography.Text strong>{s.exam.title}</Typography.Text>{' '}
                  {t('training.session.examInfo', {
                    count: s.exam.questionCount,
                    max: s.exam.maxScore,
                    pass: s.exam.passPercent,
                    minutes: s.exam.timeLimitMinutes,
                    attempts: s.exam.maxAttempts,
                  })}
                </Typography.Paragraph>
              ) : (
                <Typography.Paragraph type="secondary">{t('training.session.noExam')}</Typography.Paragraph>
              )}
              {s.exam && mine?.status === 'enrolled' ? (
                <Flex vertical gap={8}>
                  {s.myAttempts.map((a) => (
                    <Link key={a.id} to={`/training/attempts/${a.id}`}>
                      {t('training.session.attemptNo', { no: a.attemptNo })} <AttemptTag status={a.status} percent={a.percent} />
                    </Link>
                  ))}
                  {s.canStartAttempt ? (
                    <Button
                      type="primary"
                      size="large"
                      loading={start.isPending}
                      data-testid="exam-start"
                      onClick={() =>
                        start.mutate(undefined, {
                          onSuccess: (attempt) => navigate(`/training/attempts/${attempt.id}`),
                          onError: (error) => message.error(error.message),
                        })
                      }
                    >
                      {s.myAttempts.length ? t('training.session.retake') : t('training.session.startExam')} (
                      {t('training.session.attemptsLeft', { count: s.attemptsLeft })})
                    </Button>
                  ) : !mine.attendedAt ? (
                    <Typography.Text type="secondary">{t('training.session.examAfterAttendance')}</Typography.Text>
                  ) : null}
                </Flex>
              ) : null}
              {s.toGrade.length ? (
                <Flex vertical gap={4} style={{ marginTop: 8 }}>
                  <Typography.Text strong>{t('training.session.toGrade')}</Typography.Text>
                  {s.toGrade.map((a) => (
                    <Link key={a.id} to={`/training/attempts/${a.id}`}>
                      {a.userName} · {t('training.session.attemptNo', { no: a.attemptNo })} · {t('training.session.grade')}
                    </Link>
                  ))}
                </Flex>
              ) : null}
              {s.abilities['manage'] ? (
                <div style={{ marginTop: 12 }}>
                  <ExamSetup session={s} />
                </div>
              ) : null}
            </Card>
            <PracticalTasks session={s} />
            <Card size="small" title={t('training.session.people')}>
              <Table
                size="small"
                rowKey="id"
                columns={columns}
                dataSource={s.enrolments}
                pagination={false}
                scroll={{ x: 680 }}
                data-testid="session-people"
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap={12}>
            {mine?.status === 'enrolled' && !mine.attendedAt ? (
              <Card size="small" title={t('training.session.myPass')}>
                <CheckInPass enrolmentId={mine.id} />
              </Card>
            ) : null}
            {mine?.attendedAt ? <FeedbackCard enrolment={mine} /> : null}
            {s.abilities['checkIn'] ? <CheckInCard sessionId={s.id} /> : null}
            {s.abilities['assign'] && s.planStatus === 'published' ? <AssignCard session={s} /> : null}
            {s.planStatus === 'draft' ? <Alert type="info" message={t('training.plan.draft')} /> : null}
          </Flex>
        </Col>
      </Row>
    </>
  );
}
