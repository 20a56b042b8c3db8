import { defineMessages } from '../../core/i18n-types';

export const notificationsMessages = defineMessages(
  {
    title: '通知',
    bell: '通知',
    unreadCount: '{{count}} 条未读',
    markRead: '标为已读',
    markAllRead: '全部标为已读',
    empty: '没有通知',
    tabs: { all: '全部', unread: '未读' },
    kinds: {
      'approval.pending': '待审批',
      'approval.approved': '审批通过',
      'approval.rejected': '审批驳回',
      'approval.cancelled': '审批撤回',
      'receivable.overdue': '回款逾期',
      'contracts.signed': '合同已签订',
      other: '系统通知',
    },
  },
  {
    title: 'Notifications',
    bell: 'Notifications',
    unreadCount: '{{count}} unread',
    markRead: 'Mark as read',
    markAllRead: 'Mark all as read',
    empty: 'No notifications',
    tabs: { all: 'All', unread: 'Unread' },
    kinds: {
      'approval.pending': 'Awaiting approval',
      'approval.approved': 'Approved',
      'approval.rejected': 'Rejected',
      'approval.cancelled': 'Withdrawn',
      'receivable.overdue': 'Overdue receivable',
      'contracts.signed': 'Contract signed',
      other: 'Notice',
    },
  },
);
