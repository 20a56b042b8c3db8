import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttemptStatus, Certification, TrainingEnrolment } from '@xiaoguan/shared';

const ATTEMPT_COLOURS: Record<AttemptStatus, string> = {
  in_progress: 'processing',
  pending_grading: 'warning',
  passed: 'success',
  failed: 'error',
};
const ENROLMENT_COLOURS: Record<TrainingEnrolment['status'], string> = { enrolled: 'blue', waitlisted: 'orange', cancelled: 'default' };
const CERT_COLOURS: Record<Certification['state'], string> = { valid: 'success', expiring: 'warning', expired: 'error' };

export function AttemptTag({ status, percent }: { status: AttemptStatus | null; percent?: number | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <Tag color={ATTEMPT_COLOURS[status]} data-testid={`attempt-${status}`}>
      {t(`training.attempt.${status}`)}
      {percent !== null && percent !== undefined ? ` ${percent}%` : ''}
    </Tag>
  );
}

export function EnrolmentTag({ status }: { status: TrainingEnrolment['status'] | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return <Tag color={ENROLMENT_COLOURS[status]}>{t(`training.enrolment.${status}`)}</Tag>;
}

export function CertTag({ state }: { state: Certification['state'] }) {
  const { t } = useTranslation();
  return <Tag color={CERT_COLOURS[state]}>{t(`training.certState.${state}`)}</Tag>;
}
