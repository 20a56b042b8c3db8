import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Complaint,
  ComplaintActionInput,
  ComplaintCreate,
  ComplaintRow,
  CriticalComplaints,
  CustomerServiceSummary,
  Revisit,
  RevisitAnswer,
  ServiceSettings,
  SurveyResults,
  SurveyTemplate,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export interface ComplaintListParams {
  page: number;
  pageSize: number;
  status?: string;
  priority?: string;
  category?: string;
  sla?: string;
  customerId?: string;
  q?: string;
}

export type TemplateInput = Omit<SurveyTemplate, 'id' | 'sent' | 'answered' | 'version'>;

export const serviceKeys = {
  all: ['service'] as const,
  complaints: (params: ComplaintListParams) => ['service', 'complaints', params] as const,
  complaint: (id: string) => ['service', 'complaint', id] as const,
  settings: ['service', 'settings'] as const,
  templates: ['service', 'templates'] as const,
  results: (query: Record<string, string | undefined>) => ['service', 'results', query] as const,
  summary: (customerId: string) => ['service', 'summary', customerId] as const,
  revisits: (scope: string) => ['service', 'revisits', scope] as const,
  critical: ['service', 'critical'] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: serviceKeys.all });
}

export function useComplaints(params: ComplaintListParams) {
  return useQuery({
    queryKey: serviceKeys.complaints(params),
    queryFn: ({ signal }) => api.get<PageData<ComplaintRow>>('/complaints', { ...params } as Record<string, QueryValue>, signal),
    placeholderData: keepPreviousData,
    // The SLA timers move: refresh the queue every minute.
    refetchInterval: 60_000,
  });
}

export function useComplaint(id: string | undefined) {
  return useQuery({
    queryKey: serviceKeys.complaint(id ?? ''),
    queryFn: ({ signal }) => api.get<Complaint>(`/complaints/${id}`, undefined, signal),
    enabled: Boolean(id),
    refetchInterval: 60_000,
  });
}

export function useCreateComplaint() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: ComplaintCreate) => api.post<Complaint>('/complaints', input),
    onSuccess: () => void invalidate(),
  });
}

export function useComplaintAction(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: ComplaintActionInput) => api.post<Complaint>(`/complaints/${id}/actions`, input),
    onSuccess: () => void invalidate(),
  });
}

export function useUploadComplaintFile(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api.upload(`/complaints/${id}/attachments`, form);
    },
    onSuccess: () => void invalidate(),
  });
}

export function useServiceSettings() {
  return useQuery({
    queryKey: serviceKeys.settings,
    queryFn: ({ signal }) => api.get<ServiceSettings>('/service-settings', undefined, signal),
  });
}

export function useSaveServiceSettings() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: ServiceSettings) => api.put<ServiceSettings>('/service-settings', input),
    onSuccess: () => void invalidate(),
  });
}

export function useSurveyTemplates() {
  return useQuery({
    queryKey: serviceKeys.templates,
    queryFn: ({ signal }) => api.get<SurveyTemplate[]>('/survey-templates', undefined, signal),
  });
}

export function useSaveTemplate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, version, ...input }: TemplateInput & { id?: string; version?: number }) =>
      id ? api.put<SurveyTemplate>(`/survey-templates/${id}`, { ...input, version }) : api.post<SurveyTemplate>('/survey-templates', input),
    onSuccess: () => void invalidate(),
  });
}

export function useSendSurvey() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { templateId: string; customerId: string }) =>
      api.post<{ token: string; expiresAt: string }>('/surveys/send', input),
    onSuccess: () => void invalidate(),
  });
}

export function useSurveyResults(query: Record<string, string | undefined>) {
  return useQuery({
    queryKey: serviceKeys.results(query),
    queryFn: ({ signal }) => api.get<SurveyResults>('/survey-results', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCustomerService(customerId: string) {
  return useQuery({
    queryKey: serviceKeys.summary(customerId),
    queryFn: ({ signal }) => api.get<CustomerServiceSummary>(`/customers/${customerId}/service`, undefined, signal),
  });
}

/** The public answer page's address for a token (what is sent to the customer). */
export function surveyUrl(token: string): string {
  return `${window.location.origin}/s/${token}`;
}

/** Unanswered surveys to follow up by phone (mine, or everyone in my reach). */
export function useRevisits(scope: 'mine' | 'all') {
  return useQuery({
    queryKey: serviceKeys.revisits(scope),
    queryFn: ({ signal }) => api.get<Revisit[]>('/survey-revisits', { scope }, signal),
  });
}

export function useAnswerRevisit() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: RevisitAnswer & { id: string }) => api.post<{ ok: true }>(`/survey-revisits/${id}`, input),
    onSuccess: () => void invalidate(),
  });
}

/** Open critical complaints in my reach (the home card). */
export function useCriticalComplaints() {
  return useQuery({
    queryKey: serviceKeys.critical,
    queryFn: ({ signal }) => api.get<CriticalComplaints>('/service/critical-complaints', undefined, signal),
    refetchInterval: 60_000,
  });
}
