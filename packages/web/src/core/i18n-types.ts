/** The English side must have exactly the keys of the Chinese side. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

export interface LocalisedMessages<T> {
  'zh-CN': T;
  'en-US': Messages<T>;
}

/** Declares one block of strings in both languages; the compiler checks that the keys match. */
export function defineMessages<const T>(zhCN: T, enUS: Messages<T>): LocalisedMessages<T> {
  return { 'zh-CN': zhCN, 'en-US': enUS };
}
