import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Result,
  Row,
  Skeleton,
  Timeline,
  Typography,
  Upload,
} from 'antd';
import { ArrowLeftOutlined, CopyOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Complaint, ComplaintAction } from '@xiaoguan/shared';
import { apiUrl, isApiError } from '../../core/api';
import { PageHeader } from '../../components/PageHeader';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIsPhone } from '../../components/useMediaQuery';
import { surveyUrl, useComplaint, useComplaintAction, useUploadComplaintFile } from './api';
import { categoryLabel, ComplaintStatusTag, durationText, PriorityTag, SlaTag } from './labels';

interface ActionForm {
  note?: string;
  rootCause?: string;
  correctiveAction?: string;
  resolution?: string;
}

const PRIMARY: readonly ComplaintAction[] = ['respond', 'resolve', 'confirm', 'resume'];

/** One step of the closed loop, with the fields it needs (resolution: root cause and corrective action). */
function ActionDialog({ complaint, action, onClose }: { complaint: Complaint; action: ComplaintAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const act = useComplaintAction(complaint.id);
  const [form] = Form.useForm<ActionForm>();
  const submit = async () => {
    const values = await form.validateFields();
    act.mutate(
      { action, version: complaint.version, ...values },
      {
        onSuccess: () => onClose(),
        onError: (error) => message.error(error.message),
      },
    );
  };
  return (
    <Modal
      open
      title={t(`service.actions.${action}`)}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={act.isPending}
      okButtonProps={{ 'data-testid': 'complaint-action-ok' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {action === 'resolve' ? (
          <>
            <Form.Item name="rootCause" label={t('service.fields.rootCause')} rules={[{ required: true, max: 2000 }]}>
              <Input.TextArea rows={2} data-testid="complaint-root-cause" />
            </Form.Item>
            <Form.Item name="correctiveAction" label={t('service.fields.correctiveAction')} rules={[{ required: true, max: 2000 }]}>
              <Input.TextArea rows={2} data-testid="complaint-corrective-action" />
            </Form.Item>
            <Form.Item name="resolution" label={t('service.fields.resolution')} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        ) : (
          <Form.Item
            name="note"
            label={t('service.fields.note')}
            rules={[{ required: action === 'note' || action === 'reopen', max: 2000 }]}
          >
            <Input.TextArea rows={3} data-testid="complaint-note" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** A ticket: what happened, the SLA, the closed-loop actions, the timeline, files and the survey link. */
export default function ComplaintPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const { id } = useParams();
  const complaint = useComplaint(id);
  const upload = useUploadComplaintFile(id ?? '');
  const [action, setAction] = useState<ComplaintAction | null>(null);
  if (complaint.isPending) return <Skeleton active />;
  if (complaint.error) {
    if (isApiError(complaint.error) && complaint.error.status === 404) return <Result status="404" title="404" />;
    return <ErrorAlert error={complaint.error} onReload={() => void complaint.refetch()} />;
  }
  const c = complaint.data;
  const link = c.survey ? surveyUrl(c.survey.token) : null;
  return (
    <>
      <Link to="/complaints">
        <ArrowLeftOutlined /> {t('service.ticket.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span>{c.number}</span>
            <ComplaintStatusTag status={c.status} />
            <PriorityTag priority={c.priority} />
          </Flex>
        }
        subtitle={c.title}
        extra={c.actions.map((a) => (
          <Button
            key={a}
            type={PRIMARY.includes(a) ? 'primary' : 'default'}
            onClick={() => setAction(a)}
            data-testid={`complaint-action-${a}`}
          >
            {t(`service.actions.${a}`)}
          </Button>
        ))}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card>
            <Descriptions column={isPhone ? 1 : 2} size="small">
              <Descriptions.Item label={t('service.fields.customer')}>
                <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('service.fields.category')}>{categoryLabel(t, c.category)}</Descriptions.Item>
              <Descriptions.Item label={t('service.fields.channel')}>{t(`service.channels.${c.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('service.fields.owner')}>{c.ownerName}</Descriptions.Item>
              {c.queueName ? <Descriptions.Item label={t('service.fields.queue')}>{c.queueName}</Descriptions.Item> : null}
              <Descriptions.Item label={t('service.fields.createdAt')}>
                <DateTimeText value={c.createdAt} />
              </Descriptions.Item>
              <Descriptions.Item label={t('service.fields.sla')}>
                <Flex vertical gap={2}>
                  <SlaTag sla={c.sla} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('service.sla.elapsed', { minutes: c.sla.elapsedMinutes, target: c.sla.targetMinutes })}
                  </Typography.Text>
                </Flex>
              </Descriptions.Item>
              {c.closedAt ? (
                <Descriptions.Item label={t('service.fields.closedLoop')}>
                  <span data-testid="complaint-closed-loop">{durationText(t, c.closedLoopMinutes)}</span>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            <Typography.Paragraph style={{ marginTop: 12, whiteSpace: 'pre-wrap' }}>{c.description}</Typography.Paragraph>
            {c.rootCause ? (
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('service.fields.rootCause')}>{c.rootCause}</Descriptions.Item>
                <Descriptions.Item label={t('service.fields.correctiveAction')}>{c.correctiveAction}</Descriptions.Item>
                {c.resolution ? <Descriptions.Item label={t('service.fields.resolution')}>{c.resolution}</Descriptions.Item> : null}
              </Descriptions>
            ) : null}
            {c.reopenCount > 0 ? (
              <Typography.Text type="warning">{t('service.ticket.reopened', { count: c.reopenCount })}</Typography.Text>
            ) : null}
          </Card>
          <Card
            title={t('service.fields.attachments')}
            style={{ marginTop: 16 }}
            size="small"
            extra={
              c.abilities.attach ? (
                <Upload
                  showUploadList={false}
                  beforeUpload={(file) => {
                    upload.mutate(file, {
                      onSuccess: () => message.success(t('service.ticket.uploaded')),
                      onError: (error) => message.error(error.message),
                    });
                    return false;
                  }}
                >
                  <Button size="small" icon={<UploadOutlined />} loading={upload.isPending}>
                    {t('service.ticket.upload')}
                  </Button>
                </Upload>
              ) : null
            }
          >
            {c.attachments.length ? (
              <List
                size="small"
                dataSource={c.attachments}
                renderItem={(file) => (
                  <List.Item>
                    <a href={apiUrl(`/complaint-attachments/${file.id}`)}>
                      <PaperClipOutlined /> {file.fileName}
                    </a>
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('service.ticket.noFiles')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('service.fields.timeline')} size="small">
            <Timeline
              items={c.events.map((e) => ({
                color: e.kind.startsWith('sla_') ? 'red' : e.kind === 'confirm' ? 'green' : 'blue',
                children: (
                  <div data-testid={`complaint-event-${e.kind}`}>
                    <div>{t(`service.events.${e.kind}`)}</div>
                    {e.note ? <Typography.Text type="secondary">{e.note}</Typography.Text> : null}
                    <div style={{ fontSize: 12, color: '#64748b' }}>
                      <DateTimeText value={e.at} /> {e.actorName ?? ''}
                    </div>
                  </div>
                ),
              }))}
            />
          </Card>
          {c.survey && link ? (
            <Card title={t('service.fields.survey')} size="small" style={{ marginTop: 16 }}>
              <Typography.Paragraph copyable={{ text: link, icon: <CopyOutlined /> }} style={{ marginBottom: 4, wordBreak: 'break-all' }}>
                <a href={link} target="_blank" rel="noreferrer" data-testid="complaint-survey-link">
                  {link}
                </a>
              </Typography.Paragraph>
              <Typography.Text type={c.survey.answeredAt ? 'success' : 'secondary'}>
                {c.survey.answeredAt ? t('service.ticket.answered') : t('service.ticket.notAnswered')}
              </Typography.Text>
            </Card>
          ) : null}
        </Col>
      </Row>
      {action ? <ActionDialog complaint={c} action={action} onClose={() => setAction(null)} /> : null}
    </>
  );
}
