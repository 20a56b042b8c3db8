import { App, Button, Empty, List, Popconfirm, Upload, Typography } from 'antd';
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Contract } from '@xiaoguan/shared';
import { apiUrl } from '../../core/api';
import { DateTimeText } from '../../components/DateTimeText';
import { errorMessage } from '../../components/ErrorAlert';
import { MAX_CONTRACT_FILE_BYTES, useDeleteContractFile, useUploadContractFile } from './api';

const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The contract's files (the signed scan, annexes): upload, download, remove — from the contract's abilities. */
export function ContractFiles({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const upload = useUploadContractFile(contract.id);
  const remove = useDeleteContractFile();
  const canAttach = contract.abilities.attach === true;
  return (
    <div data-testid="contract-files">
      {canAttach ? (
        <Upload.Dragger
          multiple={false}
          showUploadList={false}
          beforeUpload={(file) => {
            if (file.size > MAX_CONTRACT_FILE_BYTES) {
              message.error(t('contracts.files.tooLarge'));
              return Upload.LIST_IGNORE;
            }
            upload.mutate(file, {
              onSuccess: () => message.success(t('contracts.files.uploaded', { name: file.name })),
              onError: (error) => message.error(errorMessage(t, error)),
            });
            return false;
          }}
          disabled={upload.isPending}
          style={{ marginBottom: 16 }}
          data-testid="contract-file-upload"
        >
          <p style={{ fontSize: 28, color: '#1f4fa3', margin: 0 }}>
            <UploadOutlined />
          </p>
          <p style={{ margin: '4px 0 0' }}>{upload.isPending ? t('contracts.files.uploading') : t('contracts.files.drop')}</p>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('contracts.files.hint')}
          </Typography.Text>
        </Upload.Dragger>
      ) : null}
      {contract.attachments.length ? (
        <List
          dataSource={contract.attachments}
          renderItem={(file) => (
            <List.Item
              data-testid={`contract-file-${file.fileName}`}
              actions={
                canAttach
                  ? [
                      <Popconfirm
                        key="delete"
                        title={t('contracts.files.deleteConfirm')}
                        onConfirm={() => remove.mutate(file.id, { onError: (error) => message.error(errorMessage(t, error)) })}
                      >
                        <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('common.actions.delete')} />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                avatar={<PaperClipOutlined style={{ fontSize: 18, color: '#1f4fa3' }} />}
                title={
                  <a href={apiUrl(`/contract-attachments/${file.id}`)} download={file.fileName}>
                    {file.fileName}
                  </a>
                }
                description={
                  <span>
                    {size(file.size)} · {file.uploadedByName ?? '—'} · <DateTimeText value={file.createdAt} />
                  </span>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty description={t('contracts.files.none')} />
      )}
    </div>
  );
}
