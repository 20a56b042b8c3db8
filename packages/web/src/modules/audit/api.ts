import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditAction, AuditEntry } from '@xiaoguan/shared';
import { api } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export interface AuditQuery {
  page: number;
  pageSize: number;
  actorId?: string;
  entity?: string;
  entityId?: string;
  action?: AuditAction;
  /** ISO instants with offset. */
  from?: string;
  to?: string;
}

export function useAuditLog(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: () => api.get<PageData<AuditEntry>>('/audit', { ...query }),
    placeholderData: keepPreviousData,
  });
}
