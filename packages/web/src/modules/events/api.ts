import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CallList,
  CheckInBoard,
  CheckInCard,
  CheckInResult,
  EventDetail,
  EventMetrics,
  EventRow,
  EventSettings,
  EventStatus,
  InvitationProfileFilter,
  Invitation,
  InvitationPlanResult,
  InvitationStatus,
  callOutcomeSchema,
  eventCreateSchema,
  invitationPlanSchema,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type EventCreate = z.input<typeof eventCreateSchema>;
export type CallOutcome = z.input<typeof callOutcomeSchema>;
export type InvitationPlan = z.input<typeof invitationPlanSchema>;

export interface EventListParams {
  page: number;
  pageSize: number;
  when?: 'upcoming' | 'past';
  status?: EventStatus;
  q?: string;
}

export const eventKeys = {
  all: ['events'] as const,
  list: (params: EventListParams) => ['events', 'list', params] as const,
  detail: (id: string) => ['events', 'detail', id] as const,
  metrics: (id: string) => ['events', 'metrics', id] as const,
  invitations: (id: string, status?: InvitationStatus) => ['events', 'invitations', id, status ?? null] as const,
  callList: (id: string) => ['events', 'call-list', id] as const,
  board: (id: string) => ['events', 'board', id] as const,
  search: (id: string, q: string) => ['events', 'check-in-search', id, q] as const,
  settings: ['event-settings'] as const,
};

function useInvalidateEvents() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: eventKeys.all });
}

export function useEvents(params: EventListParams) {
  return useQuery({
    queryKey: eventKeys.list(params),
    queryFn: ({ signal }) => api.get<PageData<EventRow>>('/events', { ...params } as Record<string, QueryValue>, signal),
    placeholderData: keepPreviousData,
  });
}

export function useEvent(id: string | undefined) {
  return useQuery({ queryKey: eventKeys.detail(id ?? ''), queryFn: () => api.get<EventDetail>(`/events/${id}`), enabled: Boolean(id) });
}

export function useEventMetrics(id: string, enabled: boolean) {
  return useQuery({
    queryKey: eventKeys.metrics(id),
    queryFn: () => api.get<EventMetrics>(`/events/${id}/metrics`),
    enabled,
    retry: false,
  });
}

export function useInvitations(id: string, status?: InvitationStatus) {
  return useQuery({
    queryKey: eventKeys.invitations(id, status),
    queryFn: () => api.get<PageData<Invitation>>(`/events/${id}/invitations`, { pageSize: 200, status }),
  });
}

export function useCallList(id: string, filter: InvitationProfileFilter = {}) {
  return useQuery({
    queryKey: [...eventKeys.callList(id), filter],
    queryFn: () => api.get<CallList>(`/events/${id}/call-list`, { ...filter }),
    placeholderData: keepPreviousData,
  });
}

/** The door board: polled every second while the page is open (issue 17 item 6). */
export function useCheckInBoard(id: string, live = true) {
  return useQuery({
    queryKey: eventKeys.board(id),
    queryFn: () => api.get<CheckInBoard>(`/events/${id}/check-in/board`),
    refetchInterval: live ? 1_000 : false,
  });
}

export function useCheckInSearch(id: string, q: string) {
  return useQuery({
    queryKey: eventKeys.search(id, q),
    queryFn: () => api.get<CheckInCard[]>(`/events/${id}/check-in/search`, { q }),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useEventSettings() {
  return useQuery({ queryKey: eventKeys.settings, queryFn: () => api.get<EventSettings>('/event-settings'), staleTime: 60_000 });
}

export function useCreateEvent() {
  const invalidate = useInvalidateEvents();
  return useMutation({ mutationFn: (body: EventCreate) => api.post<EventDetail>('/events', body), onSuccess: invalidate });
}

export function useChangeEventStatus() {
  const invalidate = useInvalidateEvents();
  return useMutation({
    mutationFn: ({ id, status, version }: { id: string; status: EventStatus; version: number }) =>
      api.post<EventDetail>(`/events/${id}/status`, { status, version }),
    onSuccess: invalidate,
  });
}

export function useCopyEvent() {
  const invalidate = useInvalidateEvents();
  return useMutation({
    mutationFn: ({ id, startsAt, endsAt }: { id: string; startsAt: string; endsAt: string }) =>
      api.post<EventDetail>(`/events/${id}/copy`, { startsAt, endsAt }),
    onSuccess: invalidate,
  });
}

export function useBuildPlan(eventId: string) {
  const invalidate = useInvalidateEvents();
  return useMutation({
    mutationFn: (body: InvitationPlan) => api.post<InvitationPlanResult>(`/events/${eventId}/invitation-plan`, body),
    onSuccess: (result) => (result.created ? invalidate() : undefined),
  });
}

export function useRecordOutcome() {
  const invalidate = useInvalidateEvents();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CallOutcome }) => api.post<Invitation>(`/invitations/${id}/outcome`, body),
    onSuccess: invalidate,
  });
}

export function useCheckIn(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { token?: string; invitationId?: string; seat?: string | null }) =>
      api.post<CheckInResult>(`/events/${eventId}/check-in`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: eventKeys.all }),
  });
}
