import { defineMessages } from '../../../core/i18n-types';

/**
 * The public answer page's strings (issue 20 item 6): its own small entry (survey.html) reads them
 * without i18next; the app reads the same block as `service.public` (the phone revisit form).
 */
export const publicSurveyMessages = defineMessages(
  {
    title: '满意度调查',
    intro: '感谢您的反馈，这只需要一分钟。',
    csat: '您对本次服务的满意程度？',
    csatLow: '非常不满意',
    csatHigh: '非常满意',
    nps: '您有多大可能把我们推荐给朋友或同事？',
    npsLow: '不可能',
    npsHigh: '非常可能',
    comment: '其他意见或建议',
    submit: '提交',
    thanks: '感谢您的反馈！',
    answered: '此问卷已经提交过，感谢您的参与。',
    expired: '此问卷链接已过期。',
    notFound: '问卷链接无效。',
    required: '请至少回答一个问题',
    failed: '暂时无法打开问卷，请稍后再试。',
    loading: '正在加载…',
    language: '语言',
    switchTo: 'EN',
  },
  {
    title: 'Satisfaction survey',
    intro: 'Thank you for your feedback — it takes a minute.',
    csat: 'How satisfied are you with our service?',
    csatLow: 'Very dissatisfied',
    csatHigh: 'Very satisfied',
    nps: 'How likely are you to recommend us to a friend or colleague?',
    npsLow: 'Not at all likely',
    npsHigh: 'Extremely likely',
    comment: 'Anything else you would like to tell us',
    submit: 'Submit',
    thanks: 'Thank you for your feedback!',
    answered: 'This survey has already been answered. Thank you.',
    expired: 'This survey link has expired.',
    notFound: 'This survey link is not valid.',
    required: 'Please answer at least one question',
    failed: 'The survey cannot be opened right now. Please try again later.',
    loading: 'Loading…',
    language: 'Language',
    switchTo: '中文',
  },
);
