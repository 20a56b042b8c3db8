import { defineMessages } from '../../core/i18n-types';

export const homeMessages = defineMessages(
  {
    menu: '首页',
    greeting: '{{name}}，您好',
    today: '今天是 {{date}}',
    dateFormat: 'YYYY年M月D日 dddd',
    cards: {
      pendingApprovals: '待我审批',
      myOpenRequests: '我发起的审批中',
      unreadNotifications: '未读通知',
      teamMembers: '团队成员',
      directReports: '直接下属',
      activeUsers: '在用账号',
      disabledUsers: '已停用账号',
      lockedUsers: '已锁定账号',
      orgUnits: '组织单元',
      auditEventsToday: '今日审计事件',
      loginsToday: '今日登录',
    },
    team: { title: '我的团队', titleWithName: '我的团队 · {{name}}', empty: '暂无团队成员' },
  },
  {
    menu: 'Home',
    greeting: 'Hello, {{name}}',
    today: 'Today is {{date}}',
    dateFormat: 'dddd, MMMM D, YYYY',
    cards: {
      pendingApprovals: 'Awaiting my approval',
      myOpenRequests: 'My open requests',
      unreadNotifications: 'Unread notifications',
      teamMembers: 'Team members',
      directReports: 'Direct reports',
      activeUsers: 'Active accounts',
      disabledUsers: 'Disabled accounts',
      lockedUsers: 'Locked accounts',
      orgUnits: 'Org units',
      auditEventsToday: 'Audit events today',
      loginsToday: 'Sign-ins today',
    },
    team: { title: 'My team', titleWithName: 'My team · {{name}}', empty: 'No team members' },
  },
);
