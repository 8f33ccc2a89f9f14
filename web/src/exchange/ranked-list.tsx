/**
 * A ranked list edited with real buttons (up, down, remove) that work by keyboard, by screen reader
 * and with a thumb: no dragging. Each button names its item; after a move focus follows the moved
 * item, after a removal it goes to the item that took its place; a live region says what happened.
 * Used by a participant's list of offers and by an offer's ranking of its applicants.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useT } from "../i18n/i18n";
import { focusAfterMove, focusAfterRemove, move, removeAt } from "./reorder";

export type RankedItem = { id: string; name: string; content?: ComponentChildren; error?: string };

export function RankedList(props: {
  idPrefix: string;
  label: string;
  items: RankedItem[];
  onChange: (ids: string[]) => void;
  empty: string;
  /** Remove is offered unless false. */
  removable?: boolean;
}) {
  const { t } = useT();
  const { idPrefix, items } = props;
  const [said, setSaid] = useState("");
  const focus = useRef<string | null>(null);
  const buttonId = (id: string, kind: "up" | "down" | "remove") => `${idPrefix}-${kind}-${id}`;
  useEffect(() => {
    if (!focus.current) return;
    document.getElementById(focus.current)?.focus();
    focus.current = null;
  });
  const ids = items.map((i) => i.id);

  function shift(index: number, by: -1 | 1) {
    const next = move(ids, index, by);
    const to = index + by;
    focus.current = buttonId(ids[index], focusAfterMove(to, ids.length, by));
    setSaid(t("exchange.list.moved", { name: items[index].name, n: to + 1, count: ids.length }));
    props.onChange(next);
  }
  function remove(index: number) {
    const next = removeAt(ids, index);
    const at = focusAfterRemove(index, ids.length);
    focus.current = at === null ? `${idPrefix}-list` : buttonId(next[at], "remove");
    setSaid(t("exchange.list.removed", { name: items[index].name }));
    props.onChange(next);
  }

  return (
    <div class="ranked">
      <p role="status" class="visually-hidden">
        {said}
      </p>
      {items.length === 0 ? (
        <p class="muted" id={`${idPrefix}-list`} tabIndex={-1}>
          {props.empty}
        </p>
      ) : (
        <ol class="ranked-list" id={`${idPrefix}-list`} tabIndex={-1} aria-label={props.label}>
          {items.map((item, i) => (
            <li key={item.id} class={item.error ? "invalid" : undefined}>
              <div class="ranked-item">
                <span class="rank" aria-hidden="true">
                  {i + 1}
                </span>
                <div class="ranked-body">
                  {item.content ?? item.name}
                  {item.error && (
                    <p class="error">
                      {t("errors.field")} <span lang="en">{item.error}</span>
                    </p>
                  )}
                </div>
              </div>
              <p class="ranked-actions">
                <button
                  type="button"
                  class="secondary small"
                  id={buttonId(item.id, "up")}
                  disabled={i === 0}
                  aria-label={t("exchange.list.up", { name: item.name, n: i + 1 })}
                  onClick={() => shift(i, -1)}
                >
                  ↑ {t("exchange.list.upShort")}
                </button>
                <button
                  type="button"
                  class="secondary small"
                  id={buttonId(item.id, "down")}
                  disabled={i === items.length - 1}
                  aria-label={t("exchange.list.down", { name: item.name, n: i + 1 })}
                  onClick={() => shift(i, 1)}
                >
                  ↓ {t("exchange.list.downShort")}
                </button>
                {props.removable !== false && (
                  <button
                    type="button"
                    class="secondary small"
                    id={buttonId(item.id, "remove")}
                    aria-label={t("exchange.list.remove", { name: item.name })}
                    onClick={() => remove(i)}
                  >
                    {t("exchange.list.removeShort")}
                  </button>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
