/**
 * Non-JSON answers (CSV exports, PDFs, calendars). The typed OpenAPI handlers
 * expect JSON; these helpers build the Response and are the one place that says so.
 */
import type { Context } from "hono";

// The typed-route handlers accept a TypedResponse; a plain Response is valid at runtime.
type AnyTyped = never;

export function csv(c: Context, filename: string, text: string): AnyTyped {
  return c.body(`\uFEFF${text}`, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
  }) as AnyTyped;
}

export function file(
  c: Context,
  contentType: string,
  filename: string,
  data: Uint8Array | string,
  inline = false,
): AnyTyped {
  const bytes = typeof data === "string" ? data : new Uint8Array(data);
  return c.body(bytes as never, 200, {
    "Content-Type": contentType,
    "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${filename}"`,
  }) as AnyTyped;
}
