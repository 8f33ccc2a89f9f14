/**
 * A ranked list changed one step at a time, by buttons rather than dragging (keyboard and phone
 * friendly): move an item one place up or down, remove it, and say where focus goes next so a
 * keyboard user is never dropped at the top of the page.
 */

/** The list with item `index` moved `by` places (-1 up, +1 down); unchanged at either end. */
export function move<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

/** The list without item `index`. */
export const removeAt = <T>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);

/** The list with `item` added at the end, unless it is already in it. */
export const append = <T>(list: readonly T[], item: T): T[] => (list.includes(item) ? [...list] : [...list, item]);

/**
 * Which of the moved item's buttons keeps focus: the one pressed, unless the item reached the end it
 * was moving towards (that button is then disabled), where focus goes to the other one.
 */
export function focusAfterMove(to: number, length: number, by: -1 | 1): "up" | "down" {
  if (by === -1) return to === 0 && length > 1 ? "down" : "up";
  return to === length - 1 && length > 1 ? "up" : "down";
}

/** After removing item `index` from a list of `length`: the index (in the new list) to focus, or null when empty. */
export function focusAfterRemove(index: number, length: number): number | null {
  const left = length - 1;
  if (left <= 0) return null;
  return Math.min(index, left - 1);
}
