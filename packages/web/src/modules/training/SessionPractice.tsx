import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, InputNumber, List, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { scoreRubric, type PracticalTask, type PracticalTaskInput, type SessionDetail } from '@xiaoguan/shared';
import { apiUrl } from '../../core/api';
import { FormDrawer } from '../../components/FormDrawer';
import { useCreateTask, useGradeTask, useUploadMaterial } from './api';

/** Uploaded material files of the session (slides, handouts): everyone who sees the session downloads; the trainer uploads. */
export function MaterialFiles({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadMaterial(session.id);
  return (
    <Flex vertical gap={4} style={{ marginTop: session.materials.length ? 8 : 0 }} data-testid="session-files">
      {session.files.map((file) => (
        <a key={file.id} href={apiUrl(`/training/files/${file.id}`)}>
          <PaperClipOutlined /> {file.fileName}
        </a>
      ))}
      {session.abilities['checkIn'] ? (
        <Upload
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) =>
            upload.mutate(file as File, {
              onSuccess: (r) => {
                onSuccess?.(r);
                message.success(t('training.practice.uploaded'));
              },
              onError: (error) => {
                onError?.(error);
                message.error(error.message);
              },
            })
          }
        >
          <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} data-testid="session-file-upload">
            {t('training.practice.upload')}
          </Button>
        </Upload>
      ) : null}
    </Flex>
  );
}

function TaskDrawer({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useCreateTask(sessionId);
  const [form] = Form.useForm<PracticalTaskInput>();
  return (
    <FormDrawer
      title={t('training.practice.newTask')}
      width={520}
      saving={create.isPending}
      onClose={onClose}
      submitTestId="task-save"
      onSave={async () => {
        const values = await form.validateFields();
        create.mutate(values, { onSuccess: onClose, onError: (error) => message.error(error.message) });
      }}
    >
      <Form form={form} layout="vertical" initialValues={{ passPercent: 60, criteria: [{ name: '', points: 10 }] }}>
        <Form.Item name="title" label={t('training.practice.taskTitle')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="task-title" />
        </Form.Item>
        <Form.Item name="passPercent" label={t('training.session.passPercent')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} />
        </Form.Item>
        <Typography.Text strong>{t('training.practice.rubric')}</Typography.Text>
        <Form.List name="criteria">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, max: 200 }]} style={{ flex: 1 }}>
                    <Input placeholder={t('training.practice.criterion')} data-testid={`task-criterion-${field.name}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'points']} rules={[{ required: true }]}>
                    <InputNumber min={1} max={100} addonAfter={t('training.practice.points')} style={{ width: 120 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} disabled={fields.length <= 1} />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', points: 10 })} disabled={fields.length >= 20}>
                {t('training.practice.addCriterion')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </FormDrawer>
  );
}

function GradeDrawer({ task, session, onClose }: { task: PracticalTask; session: SessionDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const grade = useGradeTask(task.id);
  const attendees = session.enrolments.filter((e) => e.attendedAt);
  const [userId, setUserId] = useState<string | undefined>(attendees.find((e) => !task.grades.some((g) => g.userId === e.userId))?.userId);
  const existing = task.grades.find((g) => g.userId === userId);
  const [scores, setScores] = useState<(number | null)[]>(existing?.scores ?? task.criteria.map(() => null));
  const [comment, setComment] = useState(existing?.comment ?? '');
  // R-TRN-2 in the drawer as on the server: the running total and whether it passes.
  const result = scoreRubric(
    task.criteria,
    scores.map((v) => v ?? -1),
    task.passPercent,
  );
  return (
    <FormDrawer
      title={`${t('training.practice.grade')} · ${task.title}`}
      width={520}
      saving={grade.isPending}
      submitDisabled={!userId || !result.valid}
      onClose={onClose}
      submitTestId="task-grade-save"
      onSave={() =>
        grade.mutate(
          { userId: userId!, scores: scores.map((v) => v ?? 0), comment: comment || null },
          { onSuccess: onClose, onError: (error) => message.error(error.message) },
        )
      }
    >
      <Flex vertical gap={12}>
        <Select
          value={userId}
          onChange={(value: string) => {
            setUserId(value);
            const earlier = task.grades.find((g) => g.userId === value);
            setScores(earlier?.scores ?? task.criteria.map(() => null));
            setComment(earlier?.comment ?? '');
          }}
          placeholder={t('training.practice.person')}
          options={attendees.map((e) => ({ value: e.userId, label: e.userName }))}
          data-testid="task-grade-person"
        />
        {task.criteria.map((criterion, index) => (
          <Flex key={index} justify="space-between" align="center" gap={8}>
            <Typography.Text>{criterion.name}</Typography.Text>
            <InputNumber
              min={0}
              max={criterion.points}
              precision={0}
              value={scores[index]}
              onChange={(value) => setScores((current) => current.map((v, i) => (i === index ? value : v)))}
              addonAfter={`/ ${criterion.points}`}
              style={{ width: 130 }}
              data-testid={`task-score-${index}`}
            />
          </Flex>
        ))}
        <Typography.Text strong data-testid="task-grade-total">
          {result.valid
            ? `${result.points} / ${result.maxPoints} · ${result.percent}% · ${t(result.passed ? 'training.practice.passed' : 'training.practice.failed')}`
            : t('training.practice.scoreEach')}
        </Typography.Text>
        <Input.TextArea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('training.session.comment')} />
      </Flex>
    </FormDrawer>
  );
}

/** Practical tasks graded by a rubric (R-TRN-2): the trainer sets and grades them; people see their own result. */
export function PracticalTasks({ session }: { session: SessionDetail }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [grading, setGrading] = useState<PracticalTask | null>(null);
  const runs = Boolean(session.abilities['checkIn']);
  if (!runs && session.tasks.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('training.practice.title')}
      data-testid="session-tasks"
      extra={
        runs ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-create">
            {t('training.practice.newTask')}
          </Button>
        ) : null
      }
    >
      <List
        size="small"
        dataSource={session.tasks}
        // One empty state: the list's own "no data" picture said it a second time.
        locale={{ emptyText: <Typography.Text type="secondary">{t('training.practice.none')}</Typography.Text> }}
        renderItem={(task) => (
          <List.Item style={{ paddingInline: 0, display: 'block' }}>
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Space wrap size={4}>
                <Typography.Text strong>{task.title}</Typography.Text>
                {task.criteria.map((c, i) => (
                  <Tag key={i}>
                    {c.name} · {c.points}
                  </Tag>
                ))}
                <Typography.Text type="secondary">{t('training.practice.passAt', { percent: task.passPercent })}</Typography.Text>
              </Space>
              {runs ? (
                <Button size="small" onClick={() => setGrading(task)} data-testid="task-grade">
                  {t('training.practice.grade')}
                </Button>
              ) : null}
            </Flex>
            {task.grades.length ? (
              <Table
                size="small"
                rowKey="userId"
                pagination={false}
                style={{ marginTop: 8 }}
                dataSource={task.grades}
                scroll={{ x: true }}
                columns={[
                  { title: t('training.session.columns.name'), dataIndex: 'userName' },
                  {
                    title: t('training.practice.result'),
                    render: (_: unknown, g: PracticalTask['grades'][number]) => (
                      <Tag color={g.passed ? 'success' : 'error'}>
                        {g.points} / {g.maxPoints} · {g.percent}%
                      </Tag>
                    ),
                  },
                  { title: t('training.session.comment'), dataIndex: 'comment' },
                ]}
              />
            ) : null}
          </List.Item>
        )}
      />
      {creating ? <TaskDrawer sessionId={session.id} onClose={() => setCreating(false)} /> : null}
      {grading ? <GradeDrawer task={grading} session={session} onClose={() => setGrading(null)} /> : null}
    </Card>
  );
}
