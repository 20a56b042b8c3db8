import type { ReactNode } from 'react';
import { Button, Dropdown, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';

interface ExportMenuProps {
  /** The export URL for a format, carrying the list's filters and sort. */
  href: (format: 'xlsx' | 'csv') => string;
  label: ReactNode;
  xlsxLabel: ReactNode;
  csvLabel: ReactNode;
  /** A note under the two formats (e.g. what is masked). */
  hint?: ReactNode;
  /** `${testId}` on the button, `${testId}-xlsx` and `${testId}-csv` on the links. */
  testId: string;
}

/** A list's export button: Excel or CSV of what the filters show. */
export function ExportMenu({ href, label, xlsxLabel, csvLabel, hint, testId }: ExportMenuProps) {
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'xlsx',
            icon: <FileExcelOutlined />,
            label: (
              <a href={href('xlsx')} download data-testid={`${testId}-xlsx`}>
                {xlsxLabel}
              </a>
            ),
          },
          {
            key: 'csv',
            icon: <FileTextOutlined />,
            label: (
              <a href={href('csv')} download data-testid={`${testId}-csv`}>
                {csvLabel}
              </a>
            ),
          },
          ...(hint
            ? [
                { type: 'divider' as const },
                {
                  key: 'hint',
                  disabled: true,
                  label: (
                    <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 240, display: 'block', whiteSpace: 'normal' }}>
                      {hint}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
        ],
      }}
    >
      <Button icon={<DownloadOutlined />} data-testid={testId}>
        {label}
      </Button>
    </Dropdown>
  );
}
