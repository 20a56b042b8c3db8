import { describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { loyaltyLevelOf, segmentCaseSql, segmentOf, tierForSegment } from './rfm.js';

describe('R-CUS-2 RFM segments', () => {
  it('maps scores to segments by the documented rules', () => {
    expect(segmentOf({ r: 5, f: 5, m: 5 }, false)).toBe('vip');
    expect(segmentOf({ r: 4, f: 4, m: 4 }, false)).toBe('vip');
    expect(segmentOf({ r: 1, f: 5, m: 5 }, false)).toBe('dormant');
    expect(segmentOf({ r: 5, f: 1, m: 1 }, false)).toBe('potential');
    expect(segmentOf({ r: 4, f: 5, m: 2 }, false)).toBe('potential');
    expect(segmentOf({ r: 3, f: 3, m: 3 }, false)).toBe('stable');
    expect(segmentOf({ r: 2, f: 5, m: 4 }, false)).toBe('stable');
    expect(segmentOf({ r: 3, f: 2, m: 5 }, false)).toBe('low_value');
    expect(segmentOf({ r: 2, f: 1, m: 1 }, false)).toBe('low_value');
  });
  it('no order in the window: dormant if it ever ordered, else no segment', () => {
    expect(segmentOf(null, true)).toBe('dormant');
    expect(segmentOf(null, false)).toBeNull();
  });
  it('the SQL CASE is generated from the same rules, in the same order', () => {
    const query = new PgDialect().sqlToQuery(segmentCaseSql(sql`r`, sql`f`, sql`m`));
    expect(query.params.filter((p) => typeof p === 'string')).toEqual(['vip', 'dormant', 'potential', 'stable', 'low_value']);
  });
  it('segments propose tiers: vip → A, potential/stable → B, low value/dormant → C', () => {
    expect(tierForSegment('vip')).toBe('A');
    expect(tierForSegment('stable')).toBe('B');
    expect(tierForSegment('potential')).toBe('B');
    expect(tierForSegment('dormant')).toBe('C');
  });
  it('loyalty level: the highest level whose spend and order thresholds are both met', () => {
    const levels = [
      { name: '普通会员', minSpendCents: 0, minOrders: 0 },
      { name: '银卡', minSpendCents: 1_000_000, minOrders: 2 },
      { name: '金卡', minSpendCents: 10_000_000, minOrders: 5 },
    ];
    expect(loyaltyLevelOf(20_000_000, 6, levels)).toBe('金卡');
    expect(loyaltyLevelOf(20_000_000, 3, levels)).toBe('银卡');
    expect(loyaltyLevelOf(999_999, 10, levels)).toBe('普通会员');
  });
});
