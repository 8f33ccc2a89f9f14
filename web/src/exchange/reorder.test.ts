import { describe, expect, it } from "vitest";
import { append, focusAfterMove, focusAfterRemove, move, removeAt } from "./reorder";

describe("reordering a ranked list", () => {
  const list = ["a", "b", "c", "d"];

  it("moves an item one place up or down", () => {
    expect(move(list, 2, -1)).toEqual(["a", "c", "b", "d"]);
    expect(move(list, 1, 1)).toEqual(["a", "c", "b", "d"]);
    expect(list).toEqual(["a", "b", "c", "d"]); // a new list each time
  });

  it("leaves the list as it is at either end or for an index outside it", () => {
    expect(move(list, 0, -1)).toEqual(list);
    expect(move(list, 3, 1)).toEqual(list);
    expect(move(list, 7, -1)).toEqual(list);
    expect(move([], 0, 1)).toEqual([]);
  });

  it("removes and appends, never twice the same item", () => {
    expect(removeAt(list, 0)).toEqual(["b", "c", "d"]);
    expect(removeAt(list, 9)).toEqual(list);
    expect(append(list, "e")).toEqual([...list, "e"]);
    expect(append(list, "b")).toEqual(list);
  });

  it("keeps focus on the pressed button unless the item reached that end", () => {
    expect(focusAfterMove(1, 4, -1)).toBe("up");
    expect(focusAfterMove(0, 4, -1)).toBe("down");
    expect(focusAfterMove(2, 4, 1)).toBe("down");
    expect(focusAfterMove(3, 4, 1)).toBe("up");
  });

  it("after a removal, focuses the item that took its place, else the one before, else nothing", () => {
    expect(focusAfterRemove(1, 4)).toBe(1);
    expect(focusAfterRemove(3, 4)).toBe(2);
    expect(focusAfterRemove(0, 1)).toBeNull();
  });
});
