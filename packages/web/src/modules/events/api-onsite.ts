import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  EventCalendarItem,
  EventDeals,
  EventOffer,
  EventPipelineAttribute,
  EventPipelineCandidate,
  EventPipelineLink,
  EventReport,
  Invitation,
  InvitationBadge,
  InvitationProfileFilter,
  InvitationStatus,
  eventOfferCreateSchema,
} from '@xiaoguan/shared';
import { api } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type EventOfferInput = z.input<typeof eventOfferCreateSchema>;

/** Issue 17 items 1–5 (QR badges, deals, offers, reports, calendar): queries under the module's 'events' key. */
const keys = {
  badge: (id: string) => ['events', 'badge', id] as const,
  deals: (id: string) => ['events', 'deals', id] as const,
  offers: (id: string) => ['events', 'offers', id] as const,
  pipelineCandidates: (id: string) => ['events', 'pipeline-candidates', id] as const,
  report: (params: Record<string, string | undefined>) => ['events', 'report', params] as const,
  calendar: (from: string, to: string) => ['events', 'calendar', from, to] as const,
  invitations: (id: string, status: InvitationStatus | undefined, filter: InvitationProfileFilter) =>
    ['events', 'invitations', id, status ?? null, filter] as const,
};

export function useInvitationBadge(id: string) {
  return useQuery({ queryKey: keys.badge(id), queryFn: () => api.get<InvitationBadge>(`/invitations/${id}/badge`) });
}

/** The invitation list with the status and profile filters (age band, gender, occupation, interest). */
export function useFilteredInvitations(id: string, status: InvitationStatus | undefined, filter: InvitationProfileFilter) {
  return useQuery({
    queryKey: keys.invitations(id, status, filter),
    queryFn: () => api.get<PageData<Invitation>>(`/events/${id}/invitations`, { pageSize: 200, status, ...filter }),
  });
}

export function useEventDeals(id: string, enabled = true) {
  return useQuery({ queryKey: keys.deals(id), queryFn: () => api.get<EventDeals>(`/events/${id}/deals`), enabled, retry: false });
}

export function useAttributeDeal(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (orderId: string) => api.post<EventDeals>(`/events/${eventId}/deals`, { orderId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events'] }),
  });
}

export function useRemoveDeal(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (orderId: string) => api.delete<EventDeals>(`/events/${eventId}/deals/${orderId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events'] }),
  });
}

export function useEventOffers(id: string) {
  return useQuery({ queryKey: keys.offers(id), queryFn: () => api.get<EventOffer[]>(`/events/${id}/offers`) });
}

export function useCreateOffer(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EventOfferInput) => api.post<EventOffer>(`/events/${eventId}/offers`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.offers(eventId) }),
  });
}

export function useEventReport(params: { from?: string; to?: string; type?: string }) {
  return useQuery({ queryKey: keys.report(params), queryFn: () => api.get<EventReport>('/event-reports', params), retry: false });
}

export function useEventCalendar(from: string, to: string) {
  return useQuery({ queryKey: keys.calendar(from, to), queryFn: () => api.get<EventCalendarItem[]>('/event-calendar', { from, to }) });
}

/** Opportunities, quotes and contracts the signed-in user may attribute to the event by hand (issue 17 item 7). */
export function usePipelineCandidates(eventId: string, enabled = true) {
  return useQuery({
    queryKey: keys.pipelineCandidates(eventId),
    queryFn: () => api.get<EventPipelineCandidate[]>(`/events/${eventId}/pipeline/candidates`),
    enabled,
    retry: false,
  });
}

export function useAttributePipeline(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EventPipelineAttribute) => api.post<EventPipelineLink>(`/events/${eventId}/pipeline`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events'] }),
  });
}

export function useRemovePipelineAttribution(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EventPipelineAttribute) =>
      api.delete<EventPipelineLink>(`/events/${eventId}/pipeline/${body.kind}/${body.recordId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['events'] }),
  });
}
