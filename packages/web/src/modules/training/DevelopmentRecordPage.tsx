import { useState } from 'react';
import {
  App,
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Row,
  Select,
  Space,
  Statistic,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { CAREER_LADDER, PROFESSIONAL_TRACK, ROLES, TRAINING_TOPICS, type DevelopmentRecord } from '@xiaoguan/shared';
import { useMe, useTimeZone } from '../../core/session';
import { inZone } from '../../core/time';
import { PageHeader } from '../../components/PageHeader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormDrawer } from '../../components/FormDrawer';
import { useIsPhone } from '../../components/useMediaQuery';
import { useAddGoal, useRecord, useSetGoalDone } from './api';
import { AttemptTag, CertTag, EnrolmentTag } from './labels';
import { CheckInPass } from './SessionPage';

function GoalDrawer({ userId, onClose }: { userId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddGoal();
  const [form] = Form.useForm<{ title: string; targetRole?: string; topic?: string; dueOn?: { format: (f: string) => string } }>();
  const submit = async () => {
    const v = await form.validateFields();
    add.mutate(
      {
        userId,
        title: v.title,
        targetRole: v.targetRole ?? null,
        topic: v.topic ?? null,
        dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : null,
      },
      { onSuccess: () => (message.success(t('training.plan.saved')), onClose()), onError: (error) => message.error(error.message) },
    );
  };
  return (
    <FormDrawer
      title={t('training.my.addGoal')}
      width={440}
      saving={add.isPending}
      onSave={submit}
      onClose={onClose}
      submitTestId="goal-save"
    >
      <Form form={form} layout="vertical">
        <Form.Item name="title" label={t('training.my.goalTitle')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="goal-title" />
        </Form.Item>
        <Form.Item name="targetRole" label={t('training.my.targetRole')}>
          <Select allowClear options={ROLES.map((r) => ({ value: r, label: t(`common.roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="topic" label={t('training.my.topic')}>
          <Select allowClear options={TRAINING_TOPICS.map((v) => ({ value: v, label: t(`training.topics.${v}`) }))} />
        </Form.Item>
        <Form.Item name="dueOn" label={t('training.my.dueOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** Career path (001 职业发展规划): the track's ladder with the person's rung, and readiness items — shown, never decided. */
function CareerCard({ record }: { record: DevelopmentRecord }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const ladder: readonly string[] = record.career.track === 'professional' ? PROFESSIONAL_TRACK : CAREER_LADDER;
  const current = Math.max(0, ladder.indexOf(record.career.current));
  return (
    <Card size="small" title={`${t('training.my.career')} · ${t(`training.my.track.${record.career.track}`)}`} data-testid="career-path">
      <Steps
        size="small"
        current={current}
        responsive={false}
        direction={isPhone ? 'vertical' : 'horizontal'}
        items={ladder.map((role) => ({ title: t(`common.roles.${role}`) }))}
        style={{ overflowX: 'auto', paddingBottom: 4 }}
      />
      {record.career.track === 'professional' ? (
        <Typography.Paragraph type="secondary">{t('training.my.professionalNote')}</Typography.Paragraph>
      ) : null}
      {record.career.next ? (
        <>
          <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
            {t('training.my.readiness')} → {t(`common.roles.${record.career.next}`)}
          </Typography.Text>
          <List
            size="small"
            dataSource={record.career.items}
            renderItem={(item) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Space>
                  {item.met ? <CheckCircleOutlined style={{ color: '#52c41a' }} /> : <CloseCircleOutlined style={{ color: '#bfbfbf' }} />}
                  {t(`training.my.items.${item.kind}`, {
                    label: item.kind === 'level_course' ? t(`training.levels.${item.label}`) : item.label,
                  })}
                </Space>
              </List.Item>
            )}
          />
        </>
      ) : (
        <Typography.Text type="secondary">{t('training.my.top')}</Typography.Text>
      )}
    </Card>
  );
}

/** My learning, or a team member's development record (issue 20 items 3–4). */
export default function DevelopmentRecordPage() {
  const { id } = useParams();
  const me = useMe();
  const userId = id ?? me.id;
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const record = useRecord(userId);
  const setDone = useSetGoalDone();
  const [goalOpen, setGoalOpen] = useState(false);
  const r = record.data;
  if (!r) return record.error ? <ErrorAlert error={record.error} /> : null;
  const own = userId === me.id;
  const nextPass = own
    ? r.sessions.find((s) => s.status === 'enrolled' && !s.attendedAt && new Date(s.startsAt).getTime() > Date.now() - 86_400_000)
    : undefined;
  return (
    <>
      <PageHeader
        title={own ? t('training.my.title') : t('training.my.recordTitle', { name: r.userName })}
        subtitle={own ? t('training.my.subtitle') : null}
      />
      {r.missingCertifications.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('training.my.missing', { names: r.missingCertifications.join('、') })}
        />
      ) : null}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <Flex vertical gap={12}>
            <Card size="small" title={t('training.my.sessions')} data-testid="record-sessions">
              {r.sessions.length ? (
                <List
                  size="small"
                  dataSource={r.sessions}
                  renderItem={(s) => (
                    <List.Item style={{ paddingInline: 0 }}>
                      <Flex justify="space-between" wrap gap={4} style={{ width: '100%' }}>
                        <Link to={`/training/sessions/${s.sessionId}`}>{s.title}</Link>
                        <Space size={4} wrap>
                          <Typography.Text type="secondary">{inZone(s.startsAt, timeZone).format('YYYY-MM-DD')}</Typography.Text>
                          <EnrolmentTag status={s.status} />
                          {s.attendedAt ? <Tag color="success">{t('training.session.columns.attended')}</Tag> : null}
                          <AttemptTag status={s.examStatus} percent={s.examPercent} />
                        </Space>
                      </Flex>
                    </List.Item>
                  )}
                />
              ) : (
                <Empty description={t('training.my.noSessions')} />
              )}
            </Card>
            <Card
              size="small"
              title={t('training.my.goals')}
              extra={
                r.abilities['addGoal'] ? (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setGoalOpen(true)} data-testid="goal-new">
                    {t('training.my.addGoal')}
                  </Button>
                ) : null
              }
            >
              {r.goals.length ? (
                <List
                  size="small"
                  dataSource={r.goals}
                  renderItem={(g) => (
                    <List.Item style={{ paddingInline: 0, display: 'block' }}>
                      <Checkbox checked={Boolean(g.doneAt)} onChange={(e) => setDone.mutate({ id: g.id, done: e.target.checked })}>
                        <Typography.Text delete={Boolean(g.doneAt)}>{g.title}</Typography.Text>
                      </Checkbox>
                      <div>
                        <Typography.Text type="secondary">
                          {[
                            g.targetRole ? t(`common.roles.${g.targetRole}`) : null,
                            g.topic ? t(`training.topics.${g.topic}`) : null,
                            g.dueOn,
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                          {' · '}
                          {t('training.my.coursesDone', { count: g.coursesDone })}
                        </Typography.Text>
                      </div>
                      {g.coursesOpen.length && !g.doneAt ? (
                        <Space size={4} wrap>
                          <Typography.Text type="secondary">{t('training.my.nextCourses')}:</Typography.Text>
                          {g.coursesOpen.map((c) => (
                            <Link key={c.id} to={`/training/sessions/${c.id}`}>
                              {c.title}
                            </Link>
                          ))}
                        </Space>
                      ) : null}
                    </List.Item>
                  )}
                />
              ) : (
                <Empty description={t('training.my.noGoals')} />
              )}
            </Card>
            <CareerCard record={r} />
          </Flex>
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap={12}>
            {nextPass ? (
              <Card size="small" title={`${t('training.my.pass')} · ${nextPass.title}`}>
                <CheckInPass enrolmentId={nextPass.enrolmentId} />
              </Card>
            ) : null}
            <Card size="small">
              <Statistic
                title={t('training.my.skills')}
                value={r.skillsPercent ?? '—'}
                suffix={r.skillsPercent !== null ? '%' : undefined}
              />
            </Card>
            {r.practicalTasks.length ? (
              <Card size="small" title={t('training.practice.recordTitle')} data-testid="record-tasks">
                <Flex vertical gap={6}>
                  {r.practicalTasks.map((task) => (
                    <Flex key={task.taskId} justify="space-between" gap={8}>
                      <Link to={`/training/sessions/${task.sessionId}`}>{task.title}</Link>
                      <Tag color={task.passed ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>
                        {task.percent}%
                      </Tag>
                    </Flex>
                  ))}
                </Flex>
              </Card>
            ) : null}
            <Card size="small" title={t('training.my.certifications')} data-testid="record-certifications">
              {r.certifications.length ? (
                <List
                  size="small"
                  dataSource={r.certifications}
                  renderItem={(c) => (
                    <List.Item style={{ paddingInline: 0 }}>
                      <Flex vertical style={{ width: '100%' }}>
                        <Space wrap>
                          <Typography.Text strong>{c.name}</Typography.Text>
                          <CertTag state={c.state} />
                        </Space>
                        <Typography.Text type="secondary">
                          {t('training.my.expires')}:{' '}
                          {c.expiresAt ? inZone(c.expiresAt, timeZone).format('YYYY-MM-DD') : t('training.my.noExpiry')}
                        </Typography.Text>
                      </Flex>
                    </List.Item>
                  )}
                />
              ) : (
                <Typography.Text type="secondary">{t('training.my.noCertifications')}</Typography.Text>
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
      {goalOpen ? <GoalDrawer userId={userId} onClose={() => setGoalOpen(false)} /> : null}
    </>
  );
}
