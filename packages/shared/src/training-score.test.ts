import { describe, expect, it } from 'vitest';
import { certificationExpiry, retakeState, scoreAttempt, scoreRubric, type ScoredQuestion } from './training-score.js';

const questions: ScoredQuestion[] = [
  { id: 'q1', kind: 'single', points: 20, correct: [2] },
  { id: 'q2', kind: 'multiple', points: 30, correct: [0, 3] },
  { id: 'q3', kind: 'true_false', points: 10, correct: [1] },
  { id: 'q4', kind: 'short', points: 40, correct: [] },
];

describe('R-TRN-1 exam scoring', () => {
  it('gives full points for the right option, exactly the right set, the right true/false', () => {
    const r = scoreAttempt(questions, { q1: [2], q2: [3, 0], q3: [1], q4: '' }, {}, 60);
    expect(r).toMatchObject({ score: 60, maxScore: 100, percent: 60, pending: 0, outcome: 'passed' });
  });

  it('gives no partial credit for a multiple choice that is not exactly right (ticking every box never pays)', () => {
    expect(scoreAttempt(questions, { q2: [0] }, {}, 60).points['q2']).toBe(0);
    expect(scoreAttempt(questions, { q2: [0, 1, 2, 3] }, {}, 60).points['q2']).toBe(0);
    expect(scoreAttempt(questions, { q1: [2, 1] }, {}, 60).points['q1']).toBe(0);
  });

  it('keeps an attempt pending while a written short answer is ungraded, then decides on the awarded points', () => {
    const answers = { q1: [2], q2: [0, 3], q3: [0], q4: '先倾听，再复述客户的顾虑' };
    expect(scoreAttempt(questions, answers, {}, 80)).toMatchObject({ pending: 1, outcome: 'pending_grading' });
    expect(scoreAttempt(questions, answers, { q4: 30 }, 80)).toMatchObject({ score: 80, percent: 80, outcome: 'passed' });
    expect(scoreAttempt(questions, answers, { q4: 29 }, 80)).toMatchObject({ score: 79, outcome: 'failed' });
    // An award above the question's points counts as its points.
    expect(scoreAttempt(questions, answers, { q4: 99 }, 80).score).toBe(90);
  });

  it('fails just below the pass mark and passes on it', () => {
    expect(scoreAttempt(questions, { q1: [2], q2: [0, 3], q4: '' }, {}, 50).outcome).toBe('passed');
    expect(scoreAttempt(questions, { q1: [2], q2: [0, 3], q4: '' }, {}, 51).outcome).toBe('failed');
  });
});

describe('R-TRN-1 retakes', () => {
  it('allows a retake after a fail while attempts are left; not after a pass, with one open, or when used up', () => {
    expect(retakeState([], 2)).toEqual({ allowed: true, reason: null, left: 2 });
    expect(retakeState([{ status: 'failed' }], 2)).toEqual({ allowed: true, reason: null, left: 1 });
    expect(retakeState([{ status: 'failed' }, { status: 'failed' }], 2)).toMatchObject({ allowed: false, reason: 'exhausted' });
    expect(retakeState([{ status: 'passed' }], 3)).toMatchObject({ allowed: false, reason: 'passed' });
    expect(retakeState([{ status: 'pending_grading' }], 3)).toMatchObject({ allowed: false, reason: 'open' });
  });

  it('dates a certificate’s expiry by its validity months', () => {
    expect(certificationExpiry(new Date('2026-03-15T02:00:00Z'), 12)?.toISOString()).toBe('2027-03-15T02:00:00.000Z');
    expect(certificationExpiry(new Date('2026-03-15T02:00:00Z'), null)).toBeNull();
  });
});

describe('R-TRN-2 practical tasks graded by a rubric', () => {
  const rubric = [
    { name: '倾听', points: 30 },
    { name: '话术', points: 40 },
    { name: '促成', points: 30 },
  ];

  it('R-TRN-2 sums the criteria, rounds the percent and passes at the pass mark', () => {
    expect(scoreRubric(rubric, [30, 30, 0], 60)).toEqual({ valid: true, points: 60, maxPoints: 100, percent: 60, passed: true });
    expect(scoreRubric(rubric, [29, 30, 0], 60)).toMatchObject({ percent: 59, passed: false });
    expect(scoreRubric([{ name: 'a', points: 3 }], [2], 67)).toMatchObject({ percent: 67, passed: true });
  });

  it('R-TRN-2 refuses a score above a criterion’s points, below zero, fractional or missing, naming the criterion', () => {
    expect(scoreRubric(rubric, [30, 41, 30], 60)).toEqual({ valid: false, invalid: 1 });
    expect(scoreRubric(rubric, [-1, 0, 0], 60)).toEqual({ valid: false, invalid: 0 });
    expect(scoreRubric(rubric, [1, 1.5, 0], 60)).toEqual({ valid: false, invalid: 1 });
    expect(scoreRubric(rubric, [1, 1], 60)).toEqual({ valid: false, invalid: 2 });
    expect(scoreRubric(rubric, [1, 1, 1, 1], 60)).toEqual({ valid: false, invalid: 3 });
  });
});
