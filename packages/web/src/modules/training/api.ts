import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  PracticalTask,
  PracticalTaskInput,
  TrainingFile,
  Attempt,
  ExpenseBudget,
  DevelopmentRecord,
  Exam,
  QuestionBank,
  SessionDetail,
  TeamMember,
  TrainingPlan,
  TrainingSessionInput,
  TrainingSessionRow,
  TrainingSettings,
} from '@xiaoguan/shared';
import { api } from '../../core/api';

export const trainingKeys = {
  all: ['training'] as const,
  plans: (year: number) => ['training', 'plans', year] as const,
  sessions: (year: number) => ['training', 'sessions', year] as const,
  session: (id: string) => ['training', 'session', id] as const,
  attempt: (id: string) => ['training', 'attempt', id] as const,
  record: (userId: string) => ['training', 'record', userId] as const,
  team: ['training', 'team'] as const,
  banks: ['training', 'banks'] as const,
  settings: ['training', 'settings'] as const,
  qr: (enrolmentId: string) => ['training', 'qr', enrolmentId] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trainingKeys.all });
}

export const usePlans = (year: number) =>
  useQuery({ queryKey: trainingKeys.plans(year), queryFn: ({ signal }) => api.get<TrainingPlan[]>('/training/plans', { year }, signal) });
export const useSessions = (year: number) =>
  useQuery({
    queryKey: trainingKeys.sessions(year),
    queryFn: ({ signal }) => api.get<TrainingSessionRow[]>('/training/sessions', { year }, signal),
  });
export const useSession = (id: string) =>
  useQuery({
    queryKey: trainingKeys.session(id),
    queryFn: ({ signal }) => api.get<SessionDetail>(`/training/sessions/${id}`, undefined, signal),
  });
export const useAttempt = (id: string) =>
  useQuery({
    queryKey: trainingKeys.attempt(id),
    queryFn: ({ signal }) => api.get<Attempt>(`/training/attempts/${id}`, undefined, signal),
  });
export const useRecord = (userId: string) =>
  useQuery({
    queryKey: trainingKeys.record(userId),
    queryFn: ({ signal }) => api.get<DevelopmentRecord>(`/training/people/${userId}`, undefined, signal),
    enabled: Boolean(userId),
  });
export const useTeam = (enabled = true) =>
  useQuery({ queryKey: trainingKeys.team, queryFn: ({ signal }) => api.get<TeamMember[]>('/training/team', undefined, signal), enabled });
export const useBanks = (enabled = true) =>
  useQuery({
    queryKey: trainingKeys.banks,
    queryFn: ({ signal }) => api.get<QuestionBank[]>('/training/question-banks', undefined, signal),
    enabled,
  });
export const useTrainingSettings = () =>
  useQuery({
    queryKey: trainingKeys.settings,
    queryFn: ({ signal }) => api.get<TrainingSettings>('/training-settings', undefined, signal),
  });
export const useEnrolmentQr = (enrolmentId: string | null) =>
  useQuery({
    queryKey: trainingKeys.qr(enrolmentId ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ code: string; qrSvg: string; sessionTitle: string; userName: string }>(
        `/training/enrolments/${enrolmentId}/qr`,
        undefined,
        signal,
      ),
    enabled: Boolean(enrolmentId),
  });

function useWrite<I, O>(fn: (input: I) => Promise<O>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: fn, onSuccess: () => void invalidate() });
}

export type PlanInput = { year: number; title: string; goals: string; budgetCents: number; expenseBudgetId?: string | null };
/** The approved expense budgets of a year a plan can draw on (read from the expenses API; R-EXP-2 is checked on publishing). */
export const useDrawableBudgets = (year: number) =>
  useQuery({
    queryKey: ['training', 'expense-budgets', year],
    queryFn: ({ signal }) =>
      api.get<{ items: ExpenseBudget[] }>('/expense-budgets', { year, status: 'approved' }, signal).then((r) => r.items),
  });
export const useCreatePlan = () => useWrite((input: PlanInput) => api.post<TrainingPlan>('/training/plans', input));
export const useUpdatePlan = () =>
  useWrite(({ id, ...input }: { id: string; version: number; status?: 'draft' | 'published' }) =>
    api.patch<TrainingPlan>(`/training/plans/${id}`, input),
  );
export const useCreateSession = () => useWrite((input: TrainingSessionInput) => api.post<SessionDetail>('/training/sessions', input));
export const useEnrol = (sessionId: string) =>
  useWrite((userIds: string[] | undefined) =>
    api.post<{ enrolled: number; waitlisted: number; already: number }>(
      `/training/sessions/${sessionId}/enrol`,
      userIds ? { userIds } : {},
    ),
  );
export const useCancelEnrolment = () => useWrite((enrolmentId: string) => api.post(`/training/enrolments/${enrolmentId}/cancel`));
export const useCheckIn = (sessionId: string) =>
  useWrite((input: { token?: string; enrolmentId?: string }) =>
    api.post<{ userName: string; already: boolean; attendedAt: string }>(`/training/sessions/${sessionId}/check-in`, input),
  );
export const useSetExam = (sessionId: string) =>
  useWrite((input: { bankId: string; title: string; passPercent: number; timeLimitMinutes: number; maxAttempts: number }) =>
    api.put<Exam>(`/training/sessions/${sessionId}/exam`, input),
  );
export const useStartAttempt = (sessionId: string) => useWrite(() => api.post<Attempt>(`/training/sessions/${sessionId}/attempts`));
export const useSubmitAttempt = (id: string) =>
  useWrite((answers: Record<string, number[] | string>) => api.post<Attempt>(`/training/attempts/${id}/submit`, { answers }));
export const useGradeAttempt = (id: string) =>
  useWrite((awards: Record<string, number>) => api.post<Attempt>(`/training/attempts/${id}/grade`, { awards }));
export const useFeedback = () =>
  useWrite(({ enrolmentId, ...input }: { enrolmentId: string; rating: number; comment: string }) =>
    api.post(`/training/enrolments/${enrolmentId}/feedback`, input),
  );
export const useSaveBank = () =>
  useWrite(({ id, ...input }: Omit<QuestionBank, 'id' | 'version'> & { id?: string; version?: number }) =>
    id ? api.put<QuestionBank>(`/training/question-banks/${id}`, input) : api.post<QuestionBank>('/training/question-banks', input),
  );
export const useAddGoal = () =>
  useWrite((input: { userId: string; title: string; targetRole: string | null; topic: string | null; dueOn: string | null }) =>
    api.post<DevelopmentRecord>('/training/goals', input),
  );
export const useSetGoalDone = () => useWrite(({ id, done }: { id: string; done: boolean }) => api.patch(`/training/goals/${id}`, { done }));
export const useSaveTrainingSettings = () => useWrite((input: TrainingSettings) => api.put<TrainingSettings>('/training-settings', input));

export const useUploadMaterial = (sessionId: string) =>
  useWrite((file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api.upload<TrainingFile>(`/training/sessions/${sessionId}/files`, form);
  });
export const useCreateTask = (sessionId: string) =>
  useWrite((input: PracticalTaskInput) => api.post<PracticalTask>(`/training/sessions/${sessionId}/tasks`, input));
export const useGradeTask = (taskId: string) =>
  useWrite((input: { userId: string; scores: number[]; comment: string | null }) =>
    api.post<PracticalTask>(`/training/tasks/${taskId}/grades`, input),
  );
