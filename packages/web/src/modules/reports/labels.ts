import type { TFunction } from 'i18next';

/**
 * A report kind's name: the built-in `sales` here; a kind another module contributes (`<module>.<name>`,
 * the server's reportKinds slot) is named in that module's own i18n as `<module>.reportKinds.<name>`.
 */
export function kindLabel(t: TFunction, key: string): string {
  if (!key.includes('.')) return t(`reports.kinds.${key}`, { defaultValue: key });
  const [module, ...rest] = key.split('.');
  return t(`${module}.reportKinds.${rest.join('.')}`, { defaultValue: key });
}
