import { defineModule } from '../../platform/manifest/index.js';
import { trainingAccess } from './training.access.js';
import { trainingRoutes } from './training.routes.js';
import { trainingJobs } from './training.jobs.js';

/**
 * Training and development module (M8): the annual plan and sessions, enrolment with a waiting
 * list, attendance by QR (the events check-in mechanism, through its index), exams (R-TRN-1),
 * certifications, development goals and the career path. Other modules import only this file; the
 * performance module's skills KPI reads `skillsPercentByUser`.
 */
export { trainingAccess } from './training.access.js';
export { skillsPercentByUser, careerStep } from './training-people.service.js';
export { trainingSessionLinks, type SessionLink } from './training-links.js';
export {
  trainingPlans,
  trainingSessions,
  trainingEnrolments,
  trainingExams,
  trainingAttempts,
  trainingCertifications,
  trainingGoals,
  trainingQuestionBanks,
} from './training.schema.js';

export const trainingModule = defineModule({
  name: 'training',
  dependsOn: ['events', 'expenses'],
  routes: [trainingRoutes],
  access: [trainingAccess],
  jobs: trainingJobs,
  settings: ['training'],
});
