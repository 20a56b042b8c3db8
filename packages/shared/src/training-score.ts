/**
 * R-TRN-1 training evaluation (issue 20 item 3, seed 001 培训评估): how an exam attempt is scored and
 * whether a person may sit it again — written once, used by the server when an attempt is submitted
 * or graded and by the web to show the result.
 *
 * - single choice and true/false: full points when the one chosen option is the right one;
 * - multiple choice: full points only for exactly the right set (no partial credit, so ticking every
 *   box never pays);
 * - short answer: the points the trainer awards (0…points); until awarded the attempt is pending;
 * - percent = round(score / max × 100); passed when percent ≥ the pass mark, decided only once
 *   nothing is pending;
 * - retakes: a person who has not passed may start another attempt while attempts < the exam's
 *   maximum and none is still open or waiting for grading.
 */
export type QuestionKind = 'single' | 'multiple' | 'true_false' | 'short';

export interface ScoredQuestion {
  id: string;
  kind: QuestionKind;
  points: number;
  /** Indexes of the right options (true/false: 0 = true, 1 = false); empty for short answers. */
  correct: number[];
}

/** Per question: the chosen option indexes, or the text of a short answer. */
export type AttemptAnswers = Record<string, number[] | string>;
/** Trainer-awarded points per short-answer question id. */
export type ShortAwards = Record<string, number>;

export interface AttemptScore {
  score: number;
  maxScore: number;
  percent: number;
  /** Short answers still to be graded. */
  pending: number;
  outcome: 'passed' | 'failed' | 'pending_grading';
  /** Points per question id (short answers only once awarded). */
  points: Record<string, number>;
}

const sameSet = (a: number[], b: number[]) => a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

export function scoreAttempt(
  questions: readonly ScoredQuestion[],
  answers: AttemptAnswers,
  awards: ShortAwards,
  passPercent: number,
): AttemptScore {
  let score = 0;
  let maxScore = 0;
  let pending = 0;
  const points: Record<string, number> = {};
  for (const q of questions) {
    maxScore += q.points;
    const answer = answers[q.id];
    if (q.kind === 'short') {
      const awarded = awards[q.id];
      if (awarded === undefined) {
        // An empty short answer scores nothing; there is nothing to grade.
        if (typeof answer === 'string' && answer.trim()) pending += 1;
        else points[q.id] = 0;
        continue;
      }
      points[q.id] = Math.max(0, Math.min(q.points, awarded));
    } else {
      const chosen = Array.isArray(answer) ? answer : [];
      const right = q.kind === 'multiple' ? sameSet(chosen, q.correct) : chosen.length === 1 && chosen[0] === q.correct[0];
      points[q.id] = right ? q.points : 0;
    }
    score += points[q.id]!;
  }
  const percent = maxScore > 0 ? Math.round((score / maxScore) * 100) : 0;
  const outcome = pending > 0 ? 'pending_grading' : percent >= passPercent ? 'passed' : 'failed';
  return { score, maxScore, percent, pending, outcome, points };
}

export type AttemptStatus = 'in_progress' | 'pending_grading' | 'passed' | 'failed';

/** Whether another attempt may be started (R-TRN-1 retakes), and why not. */
export function retakeState(
  attempts: readonly { status: AttemptStatus }[],
  maxAttempts: number,
): { allowed: boolean; reason: 'passed' | 'open' | 'exhausted' | null; left: number } {
  const left = Math.max(0, maxAttempts - attempts.length);
  if (attempts.some((a) => a.status === 'passed')) return { allowed: false, reason: 'passed', left };
  if (attempts.some((a) => a.status === 'in_progress' || a.status === 'pending_grading')) return { allowed: false, reason: 'open', left };
  if (left === 0) return { allowed: false, reason: 'exhausted', left };
  return { allowed: true, reason: null, left };
}

/** The certificate's expiry: issue date plus the validity months (null = never expires). */
export function certificationExpiry(issuedAt: Date, validMonths: number | null): Date | null {
  if (!validMonths) return null;
  const expiry = new Date(issuedAt);
  expiry.setUTCMonth(expiry.getUTCMonth() + validMonths);
  return expiry;
}

/**
 * R-TRN-2 practical tasks graded by a rubric (issue 20 item 3, seed 001 培训评估): the trainer gives
 * each criterion 0…its points (whole points; more than a criterion's points is refused, not capped);
 * percent = round(total / max × 100); passed when percent ≥ the task's pass mark. Every criterion
 * must be graded. Returns the index of the first ungraded or out-of-range criterion as `invalid`.
 */
export interface RubricCriterion {
  name: string;
  points: number;
}

export type RubricResult =
  { valid: true; points: number; maxPoints: number; percent: number; passed: boolean } | { valid: false; invalid: number };

export function scoreRubric(criteria: readonly RubricCriterion[], scores: readonly number[], passPercent: number): RubricResult {
  let points = 0;
  let maxPoints = 0;
  for (const [index, criterion] of criteria.entries()) {
    const given = scores[index];
    if (given === undefined || !Number.isInteger(given) || given < 0 || given > criterion.points) return { valid: false, invalid: index };
    points += given;
    maxPoints += criterion.points;
  }
  if (scores.length !== criteria.length) return { valid: false, invalid: criteria.length };
  const percent = maxPoints > 0 ? Math.round((points / maxPoints) * 100) : 0;
  return { valid: true, points, maxPoints, percent, passed: percent >= passPercent };
}
