import { defineMessages } from '../../app/i18n-types';

export const settingsMessages = defineMessages(
  {
    menu: '系统设置',
    title: '系统设置',
    subtitle: '公司信息、安全策略与保密协议。',
    readOnly: '您可以查看设置，但只有系统管理员可以修改。',
    sections: { company: '公司', security: '登录与会话', retention: '留存', confidentiality: '保密协议' },
    fields: {
      companyName: '公司名称',
      timeZone: '时区',
      auditRetentionYears: '审计日志保留年限',
      sessionIdleMinutes: '会话空闲超时',
      sessionAbsoluteHours: '会话最长时长',
      loginMaxFailures: '登录失败锁定次数',
      loginLockMinutes: '锁定时长',
      confidentialityText: '保密协议正文',
    },
    units: { years: '年', minutes: '分钟', hours: '小时', times: '次' },
    help: {
      timeZone: '所有日期按此时区显示与统计。',
      confidentialityText: '用户首次登录时须阅读并确认（R-SEC-1）。',
    },
    saved: '设置已保存',
  },
  {
    menu: 'Settings',
    title: 'Settings',
    subtitle: 'Company, security policy and the confidentiality agreement.',
    readOnly: 'You can view the settings; only an administrator can change them.',
    sections: { company: 'Company', security: 'Sign-in and sessions', retention: 'Retention', confidentiality: 'Confidentiality agreement' },
    fields: {
      companyName: 'Company name',
      timeZone: 'Time zone',
      auditRetentionYears: 'Keep audit log for',
      sessionIdleMinutes: 'Session idle timeout',
      sessionAbsoluteHours: 'Maximum session length',
      loginMaxFailures: 'Lock after failed sign-ins',
      loginLockMinutes: 'Lock duration',
      confidentialityText: 'Agreement text',
    },
    units: { years: 'years', minutes: 'minutes', hours: 'hours', times: 'times' },
    help: {
      timeZone: 'All dates are shown and counted in this time zone.',
      confidentialityText: 'Every user reads and acknowledges it at first sign-in (R-SEC-1).',
    },
    saved: 'Settings saved',
  },
);
