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
