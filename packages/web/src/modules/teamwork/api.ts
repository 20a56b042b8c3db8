import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActionItem, Escalation, Handover, Meeting, MeetingRow } from '@xiaoguan/shared';
import { api } from '../../core/api';

export const teamworkKeys = {
  all: ['teamwork'] as const,
  meetings: (q: string, page: number) => ['teamwork', 'meetings', q, page] as const,
  meeting: (id: string) => ['teamwork', 'meeting', id] as const,
  actionItems: (mine: boolean) => ['teamwork', 'action-items', mine] as const,
  escalations: ['teamwork', 'escalations'] as const,
  handovers: ['teamwork', 'handovers'] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: teamworkKeys.all });
}

export const useMeetings = (q: string, page: number) =>
  useQuery({
    queryKey: teamworkKeys.meetings(q, page),
    queryFn: ({ signal }) =>
      api.get<{ items: MeetingRow[]; total: number; page: number; pageSize: number }>(
        '/teamwork/meetings',
        { q: q || undefined, page },
        signal,
      ),
  });
export const useMeeting = (id: string) =>
  useQuery({
    queryKey: teamworkKeys.meeting(id),
    queryFn: ({ signal }) => api.get<Meeting>(`/teamwork/meetings/${id}`, undefined, signal),
  });
export const useActionItems = (mine: boolean) =>
  useQuery({
    queryKey: teamworkKeys.actionItems(mine),
    queryFn: ({ signal }) => api.get<ActionItem[]>('/teamwork/action-items', { mine: mine || undefined }, signal),
  });
export const useEscalations = () =>
  useQuery({
    queryKey: teamworkKeys.escalations,
    queryFn: ({ signal }) => api.get<Escalation[]>('/teamwork/escalations', undefined, signal),
  });
export const useHandovers = () =>
  useQuery({ queryKey: teamworkKeys.handovers, queryFn: ({ signal }) => api.get<Handover[]>('/teamwork/handovers', undefined, signal) });

export function useCreateMeeting() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { kind: string; title: string; startsAt: string; attendeeIds?: string[] }) =>
      api.post<Meeting>('/teamwork/meetings', input),
    onSuccess: invalidate,
  });
}
export function useSaveMinutes(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { minutes?: string; decisions?: { text: string }[]; held?: boolean; version: number }) =>
      api.patch<Meeting>(`/teamwork/meetings/${id}`, input),
    onSuccess: (meeting) => queryClient.setQueryData(teamworkKeys.meeting(id), meeting),
  });
}
export function useAddActionItem(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { title: string; ownerId: string; dueAt: string }) =>
      api.post<Meeting>(`/teamwork/meetings/${id}/action-items`, input),
    onSuccess: (meeting) => queryClient.setQueryData(teamworkKeys.meeting(id), meeting),
  });
}
export function useReviewActionItem(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; note: string; drop: boolean; version: number }) =>
      api.post<Meeting>(`/teamwork/action-items/${input.id}/review`, {
        meetingId,
        note: input.note,
        drop: input.drop,
        version: input.version,
      }),
    onSuccess: (meeting) => queryClient.setQueryData(teamworkKeys.meeting(meetingId), meeting),
  });
}
export function useRaiseEscalation() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { category: string; title: string; details: string; customerId?: string | null }) =>
      api.post<Escalation>('/teamwork/escalations', input),
    onSuccess: invalidate,
  });
}
export function useResolveEscalation() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { id: string; resolution: string; version: number }) =>
      api.post<Escalation>(`/teamwork/escalations/${input.id}/resolve`, { resolution: input.resolution, version: input.version }),
    onSuccess: invalidate,
  });
}
export function useCreateHandover() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { kind: string; title: string; context: string; customerId?: string | null; toUserId: string }) =>
      api.post<Handover>('/teamwork/handovers', input),
    onSuccess: invalidate,
  });
}
export function useDecideHandover() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { id: string; accept: boolean; note: string; version: number }) =>
      api.post<Handover>(`/teamwork/handovers/${input.id}/decide`, { accept: input.accept, note: input.note, version: input.version }),
    onSuccess: invalidate,
  });
}
