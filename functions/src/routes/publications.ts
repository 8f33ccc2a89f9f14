import { createRoute, z } from "@hono/zod-openapi";
import { Publications } from "@rutas/core";
import { bodyLimit } from "hono/body-limit";
import { Invalid } from "@rutas/core";
import { file } from "../http/files";
import { body, json, problems, router } from "../http/openapi";
import { EnrolmentView, enrolmentView } from "./enrolments";
import { ChargedPrice, IdParam, Localized, PriceSchema, Ulid } from "./schemas";

const Id = IdParam;
const Publication = z
  .object({
    id: z.string(),
    institutionId: z.string(),
    title: Localized,
    description: Localized,
    status: z.enum(["draft", "available"]),
    prices: z.array(PriceSchema),
    price: ChargedPrice.optional(),
    file: z.object({ name: z.string(), contentType: z.string(), size: z.number().int() }).optional(),
    createdAt: z.string(),
  })
  .openapi("Publication");

const create = createRoute({
  method: "post",
  path: "/publications",
  tags: ["publications"],
  summary: "Offer a document for sale (institution admin); upload its file next",
  request: {
    body: body(
      z.strictObject({
        institutionId: Ulid,
        title: Localized,
        description: Localized,
        prices: z.array(PriceSchema).max(3),
      }),
    ),
  },
  responses: { 201: json(Publication, "Created"), ...problems(400, 401, 403, 404) },
});
const upload = createRoute({
  method: "put",
  path: "/publications/{id}/file",
  tags: ["publications"],
  summary: "Upload the document (raw body, its Content-Type, X-File-Name header); puts it on sale",
  request: {
    params: Id,
    headers: z.object({ "x-file-name": z.string().min(1).max(200), "content-type": z.string().min(3).max(120) }),
  },
  responses: { 200: json(Publication), ...problems(400, 401, 403, 404, 413) },
});
const list = createRoute({
  method: "get",
  path: "/publications",
  tags: ["publications"],
  summary: "Documents on sale, each with the signed-in person's own price",
  responses: { 200: json(z.object({ items: z.array(Publication) })) },
});
const detail = createRoute({
  method: "get",
  path: "/publications/{id}",
  tags: ["publications"],
  summary: "One document",
  request: { params: Id },
  responses: { 200: json(Publication), ...problems(404) },
});
const buy = createRoute({
  method: "post",
  path: "/publications/{id}/purchases",
  tags: ["publications"],
  summary: "Buy: free → active at once; priced → pending_payment, then POST /api/checkout",
  request: { params: Id },
  responses: { 201: json(EnrolmentView, "Created"), ...problems(401, 404, 409) },
});
const link = createRoute({
  method: "post",
  path: "/publications/{id}/download-link",
  tags: ["publications"],
  summary: "An expiring download link for a buyer (or the institution's admins)",
  request: { params: Id },
  responses: { 200: json(z.object({ url: z.string(), expiresAt: z.string() })), ...problems(401, 403, 404, 409) },
});
const download = createRoute({
  method: "get",
  path: "/downloads/{token}",
  tags: ["publications"],
  summary: "The file behind a signed, unexpired link",
  request: { params: z.object({ token: z.string().min(10).max(300) }) },
  responses: {
    200: { description: "The file", content: { "application/octet-stream": { schema: z.string() } } },
    ...problems(403, 404),
  },
});

export const publicationRoutes = router()
  .openapi(create, async (c) => c.json(await Publications.create(c.get("actor"), c.req.valid("json")), 201))
  .openapi(list, async (c) => c.json({ items: await Publications.list(c.get("actor")) }, 200))
  .openapi(detail, async (c) => c.json(await Publications.detail(c.get("actor"), c.req.valid("param").id), 200))
  .openapi(buy, async (c) =>
    c.json(enrolmentView(await Publications.buy(c.get("actor"), c.req.valid("param").id)), 201),
  )
  .openapi(link, async (c) => c.json(await Publications.downloadLink(c.get("actor"), c.req.valid("param").id), 200))
  .openapi(download, async (c) => {
    const f = await Publications.download(c.req.valid("param").token);
    return file(c, f.contentType, f.name, f.bytes);
  });

// The upload reads a raw body, so it sits behind a size limit before any byte is buffered.
publicationRoutes.use(
  "/publications/:id/file",
  bodyLimit({
    maxSize: Publications.MAX_FILE_BYTES,
    onError: () => {
      throw Invalid.field("file", `The file is larger than ${Publications.MAX_FILE_BYTES / 1024 / 1024} MB.`);
    },
  }),
);
publicationRoutes.openapi(upload, async (c) => {
  const headers = c.req.valid("header");
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const name = decodeURIComponent(headers["x-file-name"]);
  return c.json(
    await Publications.uploadFile(c.get("actor"), c.req.valid("param").id, {
      name,
      contentType: headers["content-type"],
      bytes,
    }),
    200,
  );
});
