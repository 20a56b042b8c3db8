import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TrainingSessionOption,
  ChannelCockpit,
  ChannelOptions,
  ChannelWarning,
  Contribution,
  PartnerDetail,
  PartnerRow,
  PartnerTier,
  RebateProgramme,
  RebateStatement,
  Registration,
} from '@xiaoguan/shared';
import { api } from '../../core/api';

export const channelKeys = {
  all: ['channels'] as const,
  options: ['channels', 'options'] as const,
  partners: (query: object) => ['channels', 'partners', query] as const,
  partner: (id: string) => ['channels', 'partner', id] as const,
  registrations: (query: object) => ['channels', 'registrations', query] as const,
  statements: (period: string) => ['channels', 'statements', period] as const,
  programmes: ['channels', 'programmes'] as const,
  contribution: (period: string) => ['channels', 'contribution', period] as const,
  cockpit: ['channels', 'cockpit'] as const,
  warnings: (customerId: string) => ['channels', 'warnings', customerId] as const,
  opportunityWarnings: (opportunityId: string) => ['channels', 'warnings', 'opportunity', opportunityId] as const,
  customers: (q: string) => ['channels', 'customers', q] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: channelKeys.all });
}

export const useChannelOptions = () =>
  useQuery({ queryKey: channelKeys.options, queryFn: ({ signal }) => api.get<ChannelOptions>('/channels/options', undefined, signal) });
export const usePartners = (query: { tier?: PartnerTier; q?: string }) =>
  useQuery({ queryKey: channelKeys.partners(query), queryFn: ({ signal }) => api.get<PartnerRow[]>('/channels/partners', query, signal) });
export const usePartner = (id: string) =>
  useQuery({
    queryKey: channelKeys.partner(id),
    queryFn: ({ signal }) => api.get<PartnerDetail>(`/channels/partners/${id}`, undefined, signal),
  });
export const useRegistrations = (query: { status?: Registration['status'] }) =>
  useQuery({
    queryKey: channelKeys.registrations(query),
    queryFn: ({ signal }) => api.get<Registration[]>('/channels/registrations', query, signal),
  });
export const useStatements = (period: string) =>
  useQuery({
    queryKey: channelKeys.statements(period),
    queryFn: ({ signal }) => api.get<RebateStatement[]>('/channels/rebates', { period }, signal),
  });
export const useProgrammes = () =>
  useQuery({
    queryKey: channelKeys.programmes,
    queryFn: ({ signal }) => api.get<RebateProgramme[]>('/channels/programmes', undefined, signal),
  });
export const useContribution = (period: string) =>
  useQuery({
    queryKey: channelKeys.contribution(period),
    queryFn: ({ signal }) => api.get<Contribution[]>('/channels/contribution', { period }, signal),
  });
export const useChannelCockpit = (enabled: boolean) =>
  useQuery({
    queryKey: channelKeys.cockpit,
    queryFn: ({ signal }) => api.get<ChannelCockpit>('/channels/cockpit', undefined, signal),
    enabled,
  });
export const useCustomerWarnings = (customerId: string) =>
  useQuery({
    queryKey: channelKeys.warnings(customerId),
    queryFn: ({ signal }) => api.get<ChannelWarning[]>(`/channels/customers/${customerId}/warnings`, undefined, signal),
    retry: false,
  });
export const useOpportunityWarnings = (opportunityId: string) =>
  useQuery({
    queryKey: channelKeys.opportunityWarnings(opportunityId),
    queryFn: ({ signal }) => api.get<ChannelWarning[]>(`/channels/opportunities/${opportunityId}/warnings`, undefined, signal),
    retry: false,
  });
export const useCustomerOptions = (q: string, enabled: boolean) =>
  useQuery({
    queryKey: channelKeys.customers(q),
    queryFn: ({ signal }) => api.get<{ id: string; name: string }[]>('/channels/customer-options', { q }, signal),
    enabled,
  });

function useWrite<I, O>(call: (input: I) => Promise<O>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: call, onSuccess: invalidate });
}
export const useCreatePartner = () => useWrite((input: Record<string, unknown>) => api.post<PartnerDetail>('/channels/partners', input));
export const useAddContact = (id: string) =>
  useWrite((input: { name: string; title?: string; phone?: string; email?: string }) =>
    api.post<PartnerDetail>(`/channels/partners/${id}/contacts`, input),
  );
export const useAddTraining = (id: string) =>
  useWrite((input: Record<string, unknown>) => api.post<PartnerDetail>(`/channels/partners/${id}/trainings`, input));
export const useTrainingSessionOptions = (q: string, enabled: boolean) =>
  useQuery({
    queryKey: ['channels', 'training-sessions', q] as const,
    queryFn: ({ signal }) => api.get<TrainingSessionOption[]>('/channels/training-sessions', { q }, signal),
    enabled,
  });
export const useUploadDocument = (id: string) =>
  useWrite((file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.upload<PartnerDetail>(`/channels/partners/${id}/documents`, form);
  });
export const useSubmitQualification = (id: string) =>
  useWrite((input: { checklist: { item: string; done: boolean }[]; renewalOn: string; version: number }) =>
    api.post<PartnerDetail>(`/channels/partners/${id}/qualification`, input),
  );
export const useRegister = () =>
  useWrite((input: { partnerId: string; customerId: string; note?: string; expectedCents?: number }) =>
    api.post<Registration>('/channels/registrations', input),
  );
export const useDecideRegistration = () =>
  useWrite((input: { id: string; decision: 'approve' | 'reject'; version: number }) =>
    api.post<Registration>(`/channels/registrations/${input.id}/decide`, { decision: input.decision, version: input.version }),
  );
export const useComputeRebates = () => useWrite((period: string) => api.post<RebateStatement[]>('/channels/rebates/compute', { period }));
export const useApproveStatement = () =>
  useWrite((input: { id: string; version: number }) =>
    api.post<RebateStatement>(`/channels/rebates/${input.id}/approve`, { version: input.version }),
  );
export const useCreateProgramme = () =>
  useWrite((input: { name: string; tier: PartnerTier; thresholds: { fromCents: number; rateBp: number }[] }) =>
    api.post<RebateProgramme[]>('/channels/programmes', input),
  );
export const useRecomputeTiers = () => useWrite(() => api.post<{ partnerId: string }[]>('/channels/tiers/recompute'));
