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
