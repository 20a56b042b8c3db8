import type { AgeBand } from '@xiaoguan/shared';

/** An age band's whole-year bounds (inclusive; null = no upper bound). */
export function ageBandYears(band: AgeBand): { min: number; max: number | null } {
  switch (band) {
    case 'under30':
      return { min: 0, max: 29 };
    case '30to39':
      return { min: 30, max: 39 };
    case '40to49':
      return { min: 40, max: 49 };
    case '50to59':
      return { min: 50, max: 59 };
    case '60to69':
      return { min: 60, max: 69 };
    case '70plus':
      return { min: 70, max: null };
  }
}
