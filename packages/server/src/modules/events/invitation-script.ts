import type { Customer } from '@xiaoguan/shared';

/** The seed's own example script (001 邀约话术.3), the default template. */
export const DEFAULT_INVITATION_SCRIPT =
  '您好，{称呼}，我是{公司名称}的销售{销售}。我们公司近期将举办一场关于{主题}的会议营销活动，届时会有行业专家分享经验，还有很多优惠活动。' +
  '您对这方面比较感兴趣，所以特别邀请您参加，时间是{时间}，地点在{地点}。您看您有时间过来吗？';

export const SCRIPT_FIELDS = ['称呼', '公司', '销售', '公司名称', '主题', '时间', '地点'] as const;
export type ScriptValues = Record<(typeof SCRIPT_FIELDS)[number], string>;

/**
 * How the caller addresses the customer: surname + 先生/女士 by gender (王芳, female → 王女士); the
 * full name when the gender is unknown. Chinese names of 2–4 characters take the first as the
 * surname (compound surnames such as 欧阳 are the exception; 4-character names take two).
 */
export function salutation(name: string, gender: Customer['gender'] | null | undefined): string {
  const trimmed = name.trim();
  const title = gender === 'male' ? '先生' : gender === 'female' ? '女士' : null;
  if (!title) return trimmed;
  const isChinese = /^[\u4e00-\u9fff]{2,4}$/.test(trimmed);
  if (!isChinese) return `${trimmed}${title}`;
  const surname = trimmed.length === 4 ? trimmed.slice(0, 2) : trimmed.slice(0, 1);
  return `${surname}${title}`;
}

/** Fills the merge fields; an unknown {field} is left as written so the template's author sees it. */
export function mergeScript(template: string, values: ScriptValues): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, key: string) => (key in values ? values[key as keyof ScriptValues] : whole));
}
