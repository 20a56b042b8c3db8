/**
 * Why an imported row was refused (issue 22 item 8), in both languages, in one place: the server
 * writes each error as a message (`customers.importReasons.<key>` + parameters) with the English
 * sentence beside it, the web shows the message in the reader's language (its i18n block is built
 * from these texts), and the error report file is written in the language the reader asks for.
 * Parameters use i18next's `{{name}}` syntax.
 */
export const IMPORT_REASONS = {
  nameRequired: { 'zh-CN': '客户名称必填', 'en-US': 'the customer name is required' },
  unknownValue: {
    'zh-CN': '无法识别的值“{{value}}”（可填：{{expected}}），可在“值映射”一步把它对应到我们的值',
    'en-US': 'unknown value "{{value}}" (expected {{expected}}); map it in the value-mapping step',
  },
  notPhone: { 'zh-CN': '不是电话号码', 'en-US': 'not a phone number' },
  mobileDigits: { 'zh-CN': '大陆手机号应为 11 位数字', 'en-US': 'a mainland mobile number has 11 digits' },
  landlineDigits: {
    'zh-CN': '座机号码在区号后应为 7 或 8 位数字',
    'en-US': 'a landline number has 7 or 8 digits after its area code',
  },
  landlineArea: {
    'zh-CN': '座机号码需要带区号（如 0571-88886666）',
    'en-US': 'a landline number needs its area code (e.g. 0571-88886666)',
  },
  notAmount: {
    'zh-CN': '不是以元为单位、最多两位小数的金额（如 12500.50）',
    'en-US': 'not an amount in yuan with at most 2 decimals (e.g. 12500.50)',
  },
  notDate: { 'zh-CN': '不是日期（YYYY-MM-DD）', 'en-US': 'not a date (YYYY-MM-DD)' },
  birthdayFuture: { 'zh-CN': '生日不能晚于今天', 'en-US': 'the birthday is in the future' },
  createdFuture: { 'zh-CN': '创建时间不能晚于现在', 'en-US': 'the creation date is in the future' },
  tooLong: { 'zh-CN': '太长（最多 {{max}} 个字符）', 'en-US': 'too long (at most {{max}} characters)' },
  tooMany: { 'zh-CN': '太多（最多 {{max}} 个）', 'en-US': 'too many (at most {{max}})' },
  notEmail: { 'zh-CN': '不是邮箱地址', 'en-US': 'not an e-mail address' },
  invalid: { 'zh-CN': '值无效', 'en-US': 'not a valid value' },
  contactNeedsName: { 'zh-CN': '填写了联系人信息但缺少联系人姓名', 'en-US': 'contact details need a contact name (联系人)' },
  contactsCell: {
    'zh-CN': '第 {{index}} 位联系人无法读取（每行一位：姓名 | 职务 | 电话 | 邮箱 | 微信 | 决策角色）',
    'en-US': 'contact {{index}} cannot be read (one per line: name | title | phone | e-mail | WeChat | decision role)',
  },
  ownerUnknown: {
    'zh-CN': '没有账号、姓名或工号为“{{text}}”的在职用户',
    'en-US': 'no active user with the username, name or employee number "{{text}}"',
  },
  ownerAmbiguous: {
    'zh-CN': '有 {{count}} 位用户叫“{{text}}”（{{usernames}}），请改填账号或工号',
    'en-US': '"{{text}}" is the name of {{count}} users ({{usernames}}): write the username or employee number instead',
  },
  ownerOutside: {
    'zh-CN': '“{{text}}”不在您的管理范围内：只能为自己或下属导入客户',
    'en-US': '"{{text}}" is outside your team: you may import customers only for yourself or people in your scope',
  },
  duplicateCustomerPhone: {
    'zh-CN': '与已有客户“{{name}}”重复（电话相同）',
    'en-US': 'duplicate of the existing customer "{{name}}" (same phone)',
  },
  duplicateCustomerTaxId: {
    'zh-CN': '与已有客户“{{name}}”重复（税号相同）',
    'en-US': 'duplicate of the existing customer "{{name}}" (same tax id)',
  },
  duplicateCustomerName: {
    'zh-CN': '与已有客户“{{name}}”重复（名称相同）',
    'en-US': 'duplicate of the existing customer "{{name}}" (same name)',
  },
  duplicateCustomerPerson: {
    'zh-CN': '与已有个人客户“{{name}}”重复（姓名和电话相同）',
    'en-US': 'duplicate of the existing person "{{name}}" (same name and phone)',
  },
  duplicateRowPhone: { 'zh-CN': '与本文件第 {{row}} 行重复（电话相同）', 'en-US': 'duplicate of row {{row}} of this file (same phone)' },
  duplicateRowTaxId: { 'zh-CN': '与本文件第 {{row}} 行重复（税号相同）', 'en-US': 'duplicate of row {{row}} of this file (same tax id)' },
  duplicateRowName: { 'zh-CN': '与本文件第 {{row}} 行重复（名称相同）', 'en-US': 'duplicate of row {{row}} of this file (same name)' },
  duplicateRowPerson: {
    'zh-CN': '与本文件第 {{row}} 行重复（姓名和电话相同）',
    'en-US': 'duplicate of row {{row}} of this file (same name and phone)',
  },
} as const;

export type ImportReasonKey = keyof typeof IMPORT_REASONS;
export type ImportReasonLocale = 'zh-CN' | 'en-US';

/** The i18n key of a reason (the web's customers module holds the texts under `importReasons`). */
export const importReasonKey = (key: ImportReasonKey) => `customers.importReasons.${key}`;

/** Every reason's text in one language, for an i18n block. */
export function importReasonTexts(locale: ImportReasonLocale): Record<ImportReasonKey, string> {
  return Object.fromEntries(Object.entries(IMPORT_REASONS).map(([key, texts]) => [key, texts[locale]])) as Record<ImportReasonKey, string>;
}

/** A reason rendered in one language (the server's English `reason`, the error report file). */
export function renderImportReason(key: string, params: Record<string, string | number>, locale: ImportReasonLocale): string | null {
  const short = key.startsWith('customers.importReasons.') ? key.slice('customers.importReasons.'.length) : key;
  const texts = (IMPORT_REASONS as Record<string, Record<ImportReasonLocale, string>>)[short];
  if (!texts) return null;
  return texts[locale].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/**
 * Why an upload was refused or an import job stopped (issue 22 item 8), in both languages: the
 * server answers with the English sentence and this message (`customers.importFailures.<key>`) in
 * the error's `data.message` or the session's `errorMessage`; the wizard shows it in the reader's
 * language. `invalidRow` names the row's own reason by its key (`reasonKey`, nested by i18next), so
 * that reason too is in the reader's language.
 */
export const IMPORT_FAILURES = {
  noFile: { 'zh-CN': '请在“file”字段中上传文件', 'en-US': 'upload the file as multipart/form-data in the field "file"' },
  fileTooLarge: { 'zh-CN': '文件超过 {{mb}} MB', 'en-US': 'the file is larger than {{mb}} MB' },
  fileType: {
    'zh-CN': '请上传 .csv 或 .xlsx 文件（较早的 .xls 文件请先在 Excel 中另存为 .xlsx）',
    'en-US': 'upload a .csv or .xlsx file (save older .xls files as .xlsx first)',
  },
  unreadableXlsx: {
    'zh-CN': '文件不是可读取的 .xlsx 工作簿（可能已损坏，或是改了扩展名的其他文件）',
    'en-US': 'the file is not a readable .xlsx workbook (it may be damaged, or another kind of file renamed)',
  },
  unreadableCsv: { 'zh-CN': '文件无法按 CSV 读取', 'en-US': 'the file cannot be read as CSV' },
  noRows: { 'zh-CN': '文件的表头下面没有数据行', 'en-US': 'the file has no rows under its header' },
  invalidRow: {
    'zh-CN': '没有导入任何客户：第 {{failedRow}} 行有误（{{failedColumn}}：$t({{reasonKey}})）。请修改文件，或选择“只导入有效行”。',
    'en-US':
      'nothing was imported: row {{failedRow}} is invalid ({{failedColumn}}: $t({{reasonKey}})). Fix the file, or import only the valid rows.',
  },
  invalidRows: {
    'zh-CN':
      '没有导入任何客户：第 {{failedRow}} 行有误（{{failedColumn}}：$t({{reasonKey}})），另有 {{moreRows}} 行有误。请修改文件，或选择“只导入有效行”。',
    'en-US':
      'nothing was imported: row {{failedRow}} is invalid ({{failedColumn}}: $t({{reasonKey}})) and {{moreRows}} more rows are. Fix the file, or import only the valid rows.',
  },
  importerBlocked: {
    'zh-CN': '发起导入的账号已停用或不再有导入权限，导入未执行',
    'en-US': 'the account that started the import is disabled or may no longer import customers',
  },
  mappingInvalid: {
    'zh-CN': '列映射与文件不再一致，请返回重新映射',
    'en-US': 'the column mapping no longer fits the file; map the columns again',
  },
  interrupted: {
    'zh-CN': '服务器在导入过程中重启，导入已中止。请先查看客户列表，再重新上传文件',
    'en-US': 'the import stopped because the server restarted; check the customer list, then upload the file again',
  },
  unexpected: {
    'zh-CN': '导入因意外错误中止（编号 {{reference}}），请稍后重试；仍失败请联系管理员',
    'en-US':
      'the import stopped on an unexpected error (reference {{reference}}); try again later, and tell an administrator if it persists',
  },
} as const;

export type ImportFailureKey = keyof typeof IMPORT_FAILURES;

/** The i18n key of a failure (the web's customers module holds the texts under `importFailures`). */
export const importFailureKey = (key: ImportFailureKey) => `customers.importFailures.${key}`;

/** Every failure's text in one language, for an i18n block. */
export function importFailureTexts(locale: ImportReasonLocale): Record<ImportFailureKey, string> {
  return Object.fromEntries(Object.entries(IMPORT_FAILURES).map(([key, texts]) => [key, texts[locale]])) as Record<
    ImportFailureKey,
    string
  >;
}

/** A failure rendered in one language (the server's English `message`/`error`), its nested row reason included. */
export function renderImportFailure(key: string, params: Record<string, string | number>, locale: ImportReasonLocale): string | null {
  const short = key.startsWith('customers.importFailures.') ? key.slice('customers.importFailures.'.length) : key;
  const texts = (IMPORT_FAILURES as Record<string, Record<ImportReasonLocale, string>>)[short];
  if (!texts) return null;
  // as i18next does: parameters first, then `$t(key)` nests the reason with the same parameters
  return texts[locale]
    .replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''))
    .replace(/\$t\(([^)]*)\)/g, (_, reasonKey: string) => renderImportReason(reasonKey, params, locale) ?? '');
}
