import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { ApiRequestError } from '../../core/api';
import { applyLocale, renderMessage } from '../../core/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { renderInApp } from '../../test/render';

/** Issue 22 item 8: an upload refused and an import stopped read in the reader's language, never the server's English. */
describe('import refusals and failures in the reader language', () => {
  const refused = new ApiRequestError(400, {
    code: 'validation',
    message: 'the file is not a readable .xlsx workbook (it may be damaged, or another kind of file renamed)',
    field: 'body.file',
    data: { message: { key: 'customers.importFailures.unreadableXlsx', params: {} } },
  });

  it('an upload refusal shows its detail in Chinese to a zh-CN reader, in English to an en-US one', async () => {
    renderInApp(<ErrorAlert error={refused} />);
    const alert = screen.getByTestId('error-alert');
    expect(alert).toHaveTextContent('文件不是可读取的 .xlsx 工作簿');
    expect(alert).not.toHaveTextContent('readable');
    await applyLocale('en-US');
    renderInApp(<ErrorAlert error={refused} />);
    expect(screen.getAllByTestId('error-alert')[1]).toHaveTextContent('the file is not a readable .xlsx workbook');
  });

  it('a stopped import names the row, column and the row reason, each in the reader language', async () => {
    const stopped = {
      key: 'customers.importFailures.invalidRows',
      params: {
        failedRow: 3,
        failedColumn: '等级',
        moreRows: 1,
        reasonKey: 'customers.importReasons.unknownValue',
        value: '不存在的等级',
        expected: 'A, B, C',
      },
    };
    const chinese = renderMessage(stopped, 'english fallback');
    expect(chinese).toContain('没有导入任何客户：第 3 行有误（等级：无法识别的值“不存在的等级”');
    expect(chinese).toContain('另有 1 行有误');
    expect(chinese).not.toMatch(/[a-z]{4,}/);
    await applyLocale('en-US');
    expect(renderMessage(stopped, '')).toContain('row 3 is invalid (等级: unknown value "不存在的等级"');
  });
});
