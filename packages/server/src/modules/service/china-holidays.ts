/**
 * The China public-holiday calendar (国务院办公厅 节假日安排) for 2026–2027 that a new company starts
 * with; admins edit it in the service settings. `holidays` are days off, `makeUpWorkdays` the
 * weekend days worked instead (调休). 2027 follows the usual pattern and must be checked against
 * the State Council notice when it is published (an admin edits the list; R-SVC-1 reads it).
 */
const range = (from: string, days: number): string[] =>
  Array.from({ length: days }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

export const CHINA_HOLIDAYS_2026_2027: string[] = [
  // 2026
  ...range('2026-01-01', 3), // 元旦
  ...range('2026-02-15', 9), // 春节
  ...range('2026-04-04', 3), // 清明节
  ...range('2026-05-01', 5), // 劳动节
  ...range('2026-06-19', 3), // 端午节
  ...range('2026-09-25', 3), // 中秋节
  ...range('2026-10-01', 7), // 国庆节
  // 2027 (provisional)
  ...range('2027-01-01', 3),
  ...range('2027-02-05', 8),
  ...range('2027-04-03', 3),
  ...range('2027-05-01', 5),
  ...range('2027-06-09', 3),
  ...range('2027-09-15', 3),
  ...range('2027-10-01', 7),
];

export const CHINA_MAKE_UP_WORKDAYS_2026_2027: string[] = [
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
  // 2027 (provisional)
  '2027-02-13',
  '2027-05-08',
  '2027-09-26',
  '2027-10-09',
];
