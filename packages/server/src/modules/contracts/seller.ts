import type { MergeValues, Settings } from '@xiaoguan/shared';

/**
 * The seller (乙方) a generated contract names, from company settings (issue 16: never a bare
 * "本公司" with a blank credit code). A blank legal name falls back to the company name.
 */
export function sellerOf(settings: Settings): NonNullable<MergeValues['seller']> {
  return {
    name: settings.sellerLegalName.trim() || settings.companyName,
    creditCode: settings.sellerCreditCode,
    address: settings.sellerAddress,
    bankName: settings.sellerBankName,
    bankAccount: settings.sellerBankAccount,
  };
}
