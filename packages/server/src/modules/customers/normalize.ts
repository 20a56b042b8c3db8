/**
 * R-CUS-3 duplicate keys. NFKC folds full-width letters, digits and punctuation to half-width
 * (`ＡＢＣ１２３` → `ABC123`); white space of any width is dropped; letters are lower-cased.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(]/g, '(')
    .replace(/[）)]/g, ')')
    .toLowerCase();
}

/** Digits only; a mainland mobile written with +86 / 86 / 0086 keeps its 11 digits. */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.normalize('NFKC').replace(/\D/g, '');
  if (/^(0086|86)1\d{10}$/.test(digits)) digits = digits.replace(/^(0086|86)/, '');
  return digits.length >= 5 ? digits : null;
}

export function taxIdKey(taxId: string | null | undefined): string | null {
  if (!taxId) return null;
  const key = taxId
    .normalize('NFKC')
    .replace(/[\s\u3000-]+/g, '')
    .toUpperCase();
  return key.length ? key : null;
}

export function duplicateKeys(input: { name: string; phone?: string | null; taxId?: string | null }) {
  return { nameKey: nameKey(input.name), phoneKey: phoneKey(input.phone), taxIdKey: taxIdKey(input.taxId) };
}

/**
 * R-CUS-3 / issue 22 item 7: one form for a phone as typed in a file or a form. Mainland mobiles
 * are their 11 digits (`+86 138 1234 5678` → `13812345678`); landlines keep their area code,
 * written `0571-88886666` (3-digit codes 010 and 02x, else 4); 400/800 service numbers
 * `400-123-4567`; other countries `+<digits>`. Spreadsheet formula guards (`'+86…`) are dropped.
 */
export function normalizePhone(text: string): { phone: string } | { error: string } {
  const typed = text.normalize('NFKC').trim().replace(/^'/, '');
  if (!/^\+?[0-9\s().-]+$/.test(typed)) return { error: 'not a phone number' };
  let digits = typed.replace(/\D/g, '');
  const international = typed.startsWith('+') || digits.startsWith('00');
  if (international) {
    digits = digits.replace(/^00/, '');
    if (!digits.startsWith('86')) {
      return digits.length >= 7 && digits.length <= 15 ? { phone: `+${digits}` } : { error: 'not a phone number' };
    }
    digits = digits.slice(2);
    // +86 (0)571 …: the trunk 0 is optional after the country code
    if (!digits.startsWith('1') && !digits.startsWith('0')) digits = `0${digits}`;
  } else if (/^861\d{10}$/.test(digits)) digits = digits.slice(2);
  if (digits.startsWith('1')) {
    return /^1\d{10}$/.test(digits) ? { phone: digits } : { error: 'a mainland mobile number has 11 digits' };
  }
  if (/^[48]00\d{7}$/.test(digits)) return { phone: `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}` };
  if (digits.startsWith('0')) {
    const area = /^0(10|2\d)/.test(digits) ? 3 : 4;
    const local = digits.slice(area);
    if (local.length < 7 || local.length > 8) return { error: 'a landline number has 7 or 8 digits after its area code' };
    return { phone: `${digits.slice(0, area)}-${local}` };
  }
  if (digits.length === 7 || digits.length === 8) return { error: 'a landline number needs its area code (e.g. 0571-88886666)' };
  return { error: 'not a phone number' };
}
