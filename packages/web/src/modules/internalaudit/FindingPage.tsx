import { useState } from 'react';
import { Button, Card, DatePicker, Descriptions, Flex, Input, List, Space, Typography, Upload } from 'antd';
import { PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Finding, Rectification } from '@xiaoguan/shared';
import { PageHeader } from '../../components/PageHeader';
import { DateTimeText } from '../../components/DateTimeText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { apiUrl } from '../../core/api';
import { useTimeZone } from '../../core/session';
import { pickerToIso } from '../customers';
import { UserSelect } from '../org';
import { useFinding, useFindingAction } from './api';
import { FindingStatusTag, SeverityTag, UrgencyTag } from './labels';

function RectificationCard({ finding, r }: { finding: Finding; r: Rectification }) {
  const { t } = useTranslation();
  const action = useFindingAction(finding.id);
  const [note, setNote] = useState('');
  return (
    <Card size="small" data-testid={`rect-${r.title}`}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" wrap gap={8}>
          <Space wrap>
            <Typography.Text strong>{r.title}</Typography.Text>
            <span data-testid="rect-status">{t(`internalaudit.rectStatus.${r.status}`)}</span>
            <UrgencyTag urgency={r.urgency} />
          </Space>
          <Typography.Text type="secondary">
            {r.ownerName} · {t('internalaudit.rect.deadline')} <DateTimeText value={r.deadline} dateOnly />
          </Typography.Text>
        </Flex>
        {r.files.length ? (
          <Space wrap>
            {r.files.map((f) => (
              <a key={f.id} href={apiUrl(`/internal-audit/evidence-files/${f.id}`)}>
                <PaperClipOutlined /> {f.fileName}
              </a>
            ))}
          </Space>
        ) : null}
        {r.note ? (
          <Typography.Text>{t('internalaudit.rect.labelled', { label: t('internalaudit.rect.unitNote'), text: r.note })}</Typography.Text>
        ) : null}
        {r.verificationNote ? (
          <Typography.Text type="secondary">
            {t('internalaudit.rect.labelled', { label: t('internalaudit.rect.auditorNote'), text: r.verificationNote })}
          </Typography.Text>
        ) : null}
        {r.abilities.submit ? (
          <Flex gap={8} wrap>
            <Upload
              showUploadList={false}
              customRequest={({ file }) => {
                const form = new FormData();
                form.append('file', file as Blob);
                action.mutate({ path: `/rectifications/${r.id}/files`, form });
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="rect-upload">
                {t('internalaudit.rect.upload')}
              </Button>
            </Upload>
            <Input
              style={{ flex: '1 1 200px' }}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={t('internalaudit.rect.notePlaceholder')}
              data-testid="rect-note"
            />
            <Button
              type="primary"
              disabled={!note.trim()}
              loading={action.isPending}
              onClick={() => action.mutate({ path: `/rectifications/${r.id}/submit`, body: { note: note.trim(), version: r.version } })}
              data-testid="rect-submit"
            >
              {t('internalaudit.rect.submit')}
            </Button>
          </Flex>
        ) : null}
        {r.abilities.verify ? (
          <Flex gap={8} wrap>
            <Input
              style={{ flex: '1 1 200px' }}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={t('internalaudit.rect.verifyNote')}
            />
            <Button
              type="primary"
              loading={action.isPending}
              onClick={() => action.mutate({ path: `/rectifications/${r.id}/verify`, body: { accept: true, note, version: r.version } })}
              data-testid="rect-accept"
            >
              {t('internalaudit.rect.accept')}
            </Button>
            <Button
              danger
              loading={action.isPending}
              onClick={() => action.mutate({ path: `/rectifications/${r.id}/verify`, body: { accept: false, note, version: r.version } })}
            >
              {t('internalaudit.rect.reject')}
            </Button>
          </Flex>
        ) : null}
        <ErrorAlert error={action.error} />
      </Flex>
    </Card>
  );
}

function NewRectification({ finding }: { finding: Finding }) {
  const { t } = useTranslation();
  const timeZone = useTimeZone();
  const action = useFindingAction(finding.id);
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(finding.responsibleId);
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        <Input
          style={{ flex: '2 1 220px' }}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={t('internalaudit.rect.newTitle')}
          data-testid="rect-title"
        />
        <div style={{ flex: '1 1 160px' }}>
          <UserSelect value={ownerId} onChange={setOwnerId} initialLabel={finding.responsibleName} testId="rect-owner" />
        </div>
        <DatePicker
          style={{ flex: '1 1 140px' }}
          value={deadline}
          onChange={setDeadline}
          placeholder={t('internalaudit.rect.deadline')}
          data-testid="rect-deadline"
        />
        <Button
          icon={<PlusOutlined />}
          disabled={!title.trim() || !ownerId || !deadline}
          loading={action.isPending}
          data-testid="rect-add"
          onClick={() =>
            action.mutate(
              {
                path: `/findings/${finding.id}/rectifications`,
                body: { title: title.trim(), ownerId, deadline: pickerToIso(deadline!.hour(18).minute(0).second(0), timeZone) },
              },
              { onSuccess: () => setTitle('') },
            )
          }
        >
          {t('internalaudit.rect.add')}
        </Button>
      </Flex>
      <ErrorAlert error={action.error} />
    </Flex>
  );
}

/** One finding (issue 21 item 9, R-AUD-1): rectification tasks with owner and deadline, evidence, verification, closing. */
export default function FindingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const finding = useFinding(id);
  const close = useFindingAction(id);
  if (finding.error) return <ErrorAlert error={finding.error} onReload={() => finding.refetch()} />;
  const f = finding.data;
  if (!f) return null;
  return (
    <>
      <PageHeader
        title={f.title}
        subtitle={
          <Space wrap>
            <SeverityTag severity={f.severity} />
            <span data-testid="finding-status">
              <FindingStatusTag status={f.status} />
            </span>
          </Space>
        }
        extra={
          f.abilities.close ? (
            <Button
              type="primary"
              loading={close.isPending}
              onClick={() => close.mutate({ path: `/findings/${f.id}/close`, body: { version: f.version } })}
              data-testid="finding-close"
            >
              {t('internalaudit.findings.close')}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={close.error} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small">
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('internalaudit.findings.plan')}>
              <Link to={`/internal-audit/plans/${f.planId}`}>{f.planTitle}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('internalaudit.findings.columns.unit')}>{f.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('internalaudit.findings.columns.responsible')}>{f.responsibleName}</Descriptions.Item>
            <Descriptions.Item label={t('internalaudit.findings.columns.createdAt')}>
              <DateTimeText value={f.createdAt} dateOnly />
            </Descriptions.Item>
            <Descriptions.Item label={t('internalaudit.findings.evidence')} span={2}>
              <Space wrap>
                {f.evidence.length
                  ? f.evidence.map((e) => (
                      <Link key={e.url} to={e.url}>
                        {e.label}
                      </Link>
                    ))
                  : '—'}
              </Space>
            </Descriptions.Item>
          </Descriptions>
          {f.description ? <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{f.description}</Typography.Paragraph> : null}
        </Card>
        <Card size="small" title={t('internalaudit.rect.title')}>
          <List
            dataSource={f.rectifications}
            locale={{ emptyText: t('internalaudit.rect.none') }}
            renderItem={(r) => (
              <List.Item style={{ display: 'block' }}>
                <RectificationCard finding={f} r={r} />
              </List.Item>
            )}
          />
          {f.abilities.addRectification ? <NewRectification finding={f} /> : null}
        </Card>
      </Space>
    </>
  );
}
