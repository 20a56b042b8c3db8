import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Customer,
  CustomerListItem,
  CustomerKind,
  CustomerOrder,
  MyDay,
  StatusChange,
  CustomerSettings,
  CustomerStatus,
  Duplicate,
  ImportMapping,
  ImportOwner,
  ImportSession,
  ImportValueMapping,
  ImportValues,
  Interaction,
  Segment,
  Task,
  Tier,
  contactInputSchema,
  contactSchema,
  contactUpdateSchema,
  customerCreateSchema,
  customerUpdateSchema,
  interactionInputSchema,
  pointsEntrySchema,
  pointsInputSchema,
  taskInputSchema,
  taskUpdateSchema,
  tierProposalSchema,
  CUSTOMER_SORTS,
  IMPORT_MODES,
  TASK_STATES,
} from '@xiaoguan/shared';
import { api, type QueryValue } from '../../core/api';
import type { PageData } from '../../components/DataTable';

export type CustomerCreate = z.input<typeof customerCreateSchema>;
export type CustomerUpdate = z.input<typeof customerUpdateSchema>;
export type Contact = z.output<typeof contactSchema>;
export type ContactInput = z.input<typeof contactInputSchema>;
export type ContactUpdate = z.input<typeof contactUpdateSchema>;
export type InteractionInput = z.output<typeof interactionInputSchema>;
export type TaskInput = z.output<typeof taskInputSchema>;
export type TaskUpdate = z.output<typeof taskUpdateSchema>;
export type TaskState = (typeof TASK_STATES)[number];
export type PointsEntry = z.output<typeof pointsEntrySchema>;
export type PointsInput = z.output<typeof pointsInputSchema>;
export type TierProposal = z.output<typeof tierProposalSchema>;
export type ProposalStatus = TierProposal['status'];
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export type ImportMode = (typeof IMPORT_MODES)[number];

export type { CustomerOrder, MyDay, StatusChange } from '@xiaoguan/shared';

export interface Attachment {
  id: string;
  fileName: string;
  size: number;
  mimeType: string;
}

/** The list filters; they live in the page URL so a link (and the export) carries them. */
export interface CustomerFilters {
  q?: string;
  tier?: Tier;
  segment?: Segment;
  status?: CustomerStatus;
  kind?: CustomerKind;
  ownerId?: string;
  teamId?: string;
  tag?: string;
  overdue?: 'true' | 'false';
  /** Customers whose owner was warned they return to the pool soon (R-CUS-3). */
  poolWarning?: 'true';
  /** Created in [createdFrom, createdBefore) — ISO instants (new customers, the cockpit's link). */
  createdFrom?: string;
  createdBefore?: string;
  sort?: CustomerSort;
}

export interface CustomerListParams extends CustomerFilters {
  page: number;
  pageSize: number;
}

export interface TaskListParams {
  page: number;
  pageSize: number;
  state?: TaskState;
  customerId?: string;
  ownerId?: string;
  sort?: 'dueAt' | '-dueAt' | '-doneAt';
}

export interface DuplicateQuery {
  name: string;
  phone?: string;
  taxId?: string;
  kind?: CustomerKind;
  excludeId?: string;
}

export const customerKeys = {
  all: ['customers'] as const,
  list: (params: CustomerListParams) => ['customers', 'list', params] as const,
  pool: (params: CustomerListParams) => ['customers', 'pool', params] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  duplicates: (query: DuplicateQuery) => ['customers', 'duplicates', query] as const,
  history: (id: string) => ['customers', 'history', id] as const,
  contacts: (id: string) => ['customers', 'contacts', id] as const,
  interactions: (id: string, includeArchived: boolean) => ['customers', 'interactions', id, includeArchived] as const,
  points: (id: string) => ['customers', 'points', id] as const,
  orders: (id: string) => ['customers', 'orders', id] as const,
  tasks: ['tasks'] as const,
  taskList: (params: TaskListParams) => ['tasks', 'list', params] as const,
  myDay: ['my-day'] as const,
  proposals: ['tier-proposals'] as const,
  proposalList: (status: ProposalStatus, page: number, pageSize: number) => ['tier-proposals', status, page, pageSize] as const,
  settings: ['customer-settings'] as const,
  importSession: (id: string) => ['customer-imports', id] as const,
  importMapping: ['customer-imports', 'mapping'] as const,
};

function toQuery(params: object): Record<string, QueryValue> {
  return params as Record<string, QueryValue>;
}

/** After anything that changes customers: lists, details, tasks, my day, the home counts. */
export function useInvalidateCustomers() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: customerKeys.all }),
      queryClient.invalidateQueries({ queryKey: customerKeys.tasks }),
      queryClient.invalidateQueries({ queryKey: customerKeys.myDay }),
      queryClient.invalidateQueries({ queryKey: customerKeys.proposals }),
      queryClient.invalidateQueries({ queryKey: ['home'] }),
    ]);
}

// ---------------------------------------------------------------- customers

export function useCustomers(params: CustomerListParams, enabled = true) {
  return useQuery({
    queryKey: customerKeys.list(params),
    queryFn: ({ signal }) => api.get<PageData<CustomerListItem>>('/customers', toQuery(params), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePoolCustomers(params: CustomerListParams) {
  return useQuery({
    queryKey: customerKeys.pool(params),
    queryFn: ({ signal }) => api.get<PageData<CustomerListItem>>('/customers/pool', toQuery(params), signal),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string | undefined) {
  return useQuery({ queryKey: customerKeys.detail(id ?? ''), queryFn: () => api.get<Customer>(`/customers/${id}`), enabled: Boolean(id) });
}

/** Possible duplicates of what is being typed (R-CUS-3), as a warning while the form is filled. */
export function useDuplicates(query: DuplicateQuery | null) {
  return useQuery({
    queryKey: customerKeys.duplicates(query ?? { name: '' }),
    queryFn: () => api.post<Duplicate[]>('/customers/duplicates', query),
    enabled: query !== null,
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}

export function useCreateCustomer() {
  const invalidate = useInvalidateCustomers();
  return useMutation({ mutationFn: (body: CustomerCreate) => api.post<Customer>('/customers', body), onSuccess: invalidate });
}

export function useUpdateCustomer() {
  const invalidate = useInvalidateCustomers();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CustomerUpdate }) => api.patch<Customer>(`/customers/${id}`, body),
    onSuccess: async (customer) => {
      queryClient.setQueryData(customerKeys.detail(customer.id), customer);
      await invalidate();
    },
  });
}

/** Unmasked contact details (audited): kept by the page, never cached, so a reload masks again. */
export function useRevealCustomer() {
  return useMutation({ mutationFn: (id: string) => api.post<Customer>(`/customers/${id}/reveal`) });
}

export function useClaimCustomer() {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.post<Customer>(`/customers/${id}/claim`, { version }),
    onSettled: invalidate,
  });
}

export function useReleaseCustomer() {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: ({ id, reason, version }: { id: string; reason: string; version: number }) =>
      api.post<Customer>(`/customers/${id}/release`, { reason, version }),
    onSuccess: invalidate,
  });
}

export function useAssignCustomer() {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: ({ id, ownerId, version }: { id: string; ownerId: string; version: number }) =>
      api.post<Customer>(`/customers/${id}/assign`, { ownerId, version }),
    onSuccess: invalidate,
  });
}

export function useMergeCustomer() {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: ({
      id,
      duplicateId,
      version,
      duplicateVersion,
    }: {
      id: string;
      duplicateId: string;
      version: number;
      duplicateVersion: number;
    }) => api.post<Customer>(`/customers/${id}/merge`, { duplicateId, version, duplicateVersion }),
    onSuccess: invalidate,
  });
}

export function useStatusHistory(id: string) {
  return useQuery({ queryKey: customerKeys.history(id), queryFn: () => api.get<StatusChange[]>(`/customers/${id}/status-history`) });
}

// ---------------------------------------------------------------- contacts

export function useContacts(customerId: string) {
  return useQuery({ queryKey: customerKeys.contacts(customerId), queryFn: () => api.get<Contact[]>(`/customers/${customerId}/contacts`) });
}

function useInvalidateContacts(customerId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: customerKeys.contacts(customerId) });
}

export function useCreateContact(customerId: string) {
  const invalidate = useInvalidateContacts(customerId);
  return useMutation({
    mutationFn: (body: ContactInput) => api.post<Contact>(`/customers/${customerId}/contacts`, body),
    onSuccess: invalidate,
  });
}

export function useUpdateContact(customerId: string) {
  const invalidate = useInvalidateContacts(customerId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ContactUpdate }) => api.patch<Contact>(`/customer-contacts/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteContact(customerId: string) {
  const invalidate = useInvalidateContacts(customerId);
  return useMutation({ mutationFn: (id: string) => api.delete<unknown>(`/customer-contacts/${id}`), onSuccess: invalidate });
}

// ---------------------------------------------------------------- interactions

const TIMELINE_PAGE = 20;

export function useInteractions(customerId: string, includeArchived: boolean) {
  return useInfiniteQuery({
    queryKey: customerKeys.interactions(customerId, includeArchived),
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      api.get<PageData<Interaction>>(`/customers/${customerId}/interactions`, {
        page: pageParam,
        pageSize: TIMELINE_PAGE,
        includeArchived: includeArchived ? 'true' : undefined,
      }),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

export function useLogInteraction(customerId: string) {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: (body: InteractionInput) => api.post<Interaction>(`/customers/${customerId}/interactions`, body),
    onSuccess: invalidate,
  });
}

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export function uploadAttachment(interactionId: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload<Attachment>(`/interactions/${interactionId}/attachments`, form);
}

// ---------------------------------------------------------------- tasks and my day

export function useTasks(params: TaskListParams) {
  return useQuery({
    queryKey: customerKeys.taskList(params),
    queryFn: () => api.get<PageData<Task>>('/tasks', toQuery(params)),
    placeholderData: keepPreviousData,
  });
}

export function useCreateTask() {
  const invalidate = useInvalidateCustomers();
  return useMutation({ mutationFn: (body: TaskInput) => api.post<Task>('/tasks', body), onSuccess: invalidate });
}

export function useUpdateTask() {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TaskUpdate }) => api.patch<Task>(`/tasks/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useMyDay(enabled = true) {
  return useQuery({ queryKey: customerKeys.myDay, queryFn: () => api.get<MyDay>('/my-day'), enabled });
}

// ---------------------------------------------------------------- value: points and orders

export function usePoints(customerId: string) {
  return useQuery({ queryKey: customerKeys.points(customerId), queryFn: () => api.get<PointsEntry[]>(`/customers/${customerId}/points`) });
}

export function useAddPoints(customerId: string) {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: (body: PointsInput) => api.post<PointsEntry[]>(`/customers/${customerId}/points`, body),
    onSuccess: invalidate,
  });
}

export function useOrders(customerId: string) {
  return useQuery({
    queryKey: customerKeys.orders(customerId),
    queryFn: () => api.get<CustomerOrder[]>(`/customers/${customerId}/orders`),
  });
}

// ---------------------------------------------------------------- tier proposals

export function useTierProposals(status: ProposalStatus, page: number, pageSize: number) {
  return useQuery({
    queryKey: customerKeys.proposalList(status, page, pageSize),
    queryFn: () => api.get<PageData<TierProposal>>('/tier-proposals', { status, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useDecideProposal() {
  const invalidate = useInvalidateCustomers();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'accept' | 'reject' }) =>
      api.post<{ ok: true }>(`/tier-proposals/${id}/decision`, { decision }),
    onSuccess: invalidate,
  });
}

export function useGenerateProposals() {
  const invalidate = useInvalidateCustomers();
  return useMutation({ mutationFn: () => api.post<{ created: number }>('/tier-proposals/generate'), onSuccess: invalidate });
}

// ---------------------------------------------------------------- settings

export function useCustomerSettings(enabled = true) {
  return useQuery({
    queryKey: customerKeys.settings,
    queryFn: () => api.get<CustomerSettings>('/customer-settings'),
    staleTime: 5 * 60_000,
    enabled,
    retry: false,
  });
}

export function useSaveCustomerSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CustomerSettings) => api.put<CustomerSettings>('/customer-settings', body),
    onSuccess: (settings) => {
      queryClient.setQueryData(customerKeys.settings, settings);
      void queryClient.invalidateQueries({ queryKey: customerKeys.all });
    },
  });
}

export function useRecomputeRfm() {
  const invalidate = useInvalidateCustomers();
  return useMutation({ mutationFn: () => api.post<{ updated: number; ms: number }>('/customers/rfm/recompute'), onSuccess: invalidate });
}

// ---------------------------------------------------------------- import

export function useUploadImport() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<ImportSession>('/customer-imports', form);
    },
  });
}

const RUNNING: readonly ImportSession['status'][] = ['validating', 'importing'];

/** The import session, polled every second while it validates or imports. */
export function useImportSession(id: string | null) {
  return useQuery({
    queryKey: customerKeys.importSession(id ?? ''),
    queryFn: () => api.get<ImportSession>(`/customer-imports/${id}`),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data && RUNNING.includes(query.state.data.status) ? 1000 : false),
    staleTime: 0,
  });
}

export function useRememberedMapping() {
  return useQuery({
    queryKey: customerKeys.importMapping,
    queryFn: () => api.get<ImportMapping | null>('/customer-imports/mapping'),
    retry: false,
    staleTime: 60_000,
  });
}

function useImportAction<B>(path: (id: string) => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body?: B }) => api.post<unknown>(path(id), body),
    onSuccess: (_data, { id }) => queryClient.invalidateQueries({ queryKey: customerKeys.importSession(id) }),
  });
}

export const useValidateImport = () =>
  useImportAction<{ mapping: ImportMapping; valueMapping?: ImportValueMapping }>((id) => `/customer-imports/${id}/validate`);

/** Issue 22 item 2: the header is the row the user picks. */
export function useChooseHeaderRow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, row }: { id: string; row: number }) => api.post<ImportSession>(`/customer-imports/${id}/header`, { row }),
    onSuccess: (session) => queryClient.setQueryData(customerKeys.importSession(session.id), session),
  });
}

/** Issue 22 item 5: the values of the mapped value columns, for the value-mapping step. */
export function useImportValues() {
  return useMutation({
    mutationFn: ({ id, mapping }: { id: string; mapping: ImportMapping }) =>
      api.post<ImportValues>(`/customer-imports/${id}/values`, { mapping }),
  });
}
/** Issue 22 item 3: the users the caller may import customers for, found by username, name or employee number. */
export function useImportOwners(q: string) {
  return useQuery({
    queryKey: ['customers', 'import-owners', q],
    queryFn: () => api.get<{ items: ImportOwner[] }>('/customer-imports/owners', { q: q || undefined }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
export const useStartImport = () => useImportAction<{ mode: ImportMode }>((id) => `/customer-imports/${id}/start`);
export const useCancelImport = () => useImportAction<never>((id) => `/customer-imports/${id}/cancel`);
