import { describe, expect, it } from 'vitest';
import { isInReportingLine, maskContact, maskEmail, maskPhone } from './masking.js';
import { SYSTEM_ACTOR } from './actor.js';

const actor = (id: string) => ({ ...SYSTEM_ACTOR, id });

describe('R-SEC-1 contact masking outside the reporting line', () => {
  it('masks a mobile number to its first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone(null)).toBeNull();
  });
  it('masks an e-mail to its first letter and domain', () => {
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com');
    expect(maskEmail('broken')).toBe('***');
  });
  it('the owner and everyone above them are in the line; peers and other branches are not', () => {
    const ownerLine = '/dir/mgr/sup/rep/';
    expect(isInReportingLine(actor('rep'), ownerLine)).toBe(true);
    expect(isInReportingLine(actor('sup'), ownerLine)).toBe(true);
    expect(isInReportingLine(actor('dir'), ownerLine)).toBe(true);
    expect(isInReportingLine(actor('rep2'), ownerLine)).toBe(false);
    expect(isInReportingLine(actor('re'), ownerLine)).toBe(false);
    expect(isInReportingLine(actor('rep'), null)).toBe(false);
  });
  it('maskContact leaves visible records untouched', () => {
    const record = { phone: '13812345678', email: 'a@b.cn', name: 'x' };
    expect(maskContact(record, true)).toEqual(record);
    expect(maskContact(record, false)).toEqual({ phone: '138****5678', email: 'a***@b.cn', name: 'x' });
  });
});
