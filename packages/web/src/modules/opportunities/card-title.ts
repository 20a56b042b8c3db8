/**
 * A kanban card's title without the customer's name when the opportunity is named after it
 * ("华星科技 · 云平台项目" under customer 华星科技 → "云平台项目"): the card prints the customer once,
 * on its own line (issue 16). A name that is only the customer's stays as it is.
 */
export function cardTitle(name: string, customerName: string): string {
  if (!customerName || !name.startsWith(customerName)) return name;
  const rest = name
    .slice(customerName.length)
    .replace(/^[\s·•\-–—:：|/]+/u, '')
    .trim();
  return rest || name;
}
