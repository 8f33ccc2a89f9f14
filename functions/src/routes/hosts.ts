import { createRoute, z } from "@hono/zod-openapi";
import { Hosts, Invalid, Topics } from "@rutas/core";
import { bodyLimit } from "hono/body-limit";
import { csv } from "../http/files";
import { body, json, problems, router } from "../http/openapi";
import { Country, Csv, Email, IdParam, Localized, wantsCsv } from "./schemas";

const Id = IdParam;
const Figure = z.strictObject({ label: Localized, value: z.string().trim().min(1).max(60) }).openapi("HostFigure");
const Photo = z
  .object({ url: z.string(), width: z.number().int(), height: z.number().int(), bytes: z.number().int() })
  .openapi("HostPhoto");
const Host = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(Hosts.HOST_KINDS),
    organisationType: z.enum(Hosts.ORGANISATION_TYPES).optional(),
    country: z.string(),
    region: z.string().optional(),
    languages: z.array(z.string()),
    topics: z.array(z.string()),
    expertise: Localized.optional(),
    achievements: Localized.optional(),
    figures: z.array(Figure).optional(),
    photo: Photo.optional(),
    createdAt: z.string(),
  })
  .openapi("Host");

/** A plain string is taken as English text; an object holds each language's. */
const Text = z.union([z.string().trim().min(1).max(4000), Localized]);
const Languages = z.array(z.string().regex(/^[a-z]{2,3}$/, "Must be a language code such as es, qu or ay.")).max(12);
const TopicIds = z.array(z.string().refine(Topics.isTopicId, { message: "Must be a known topic id." })).max(12);
const fields = {
  name: z.string().trim().min(2).max(160),
  kind: z.enum(Hosts.HOST_KINDS),
  country: Country,
  organisationType: z.enum(Hosts.ORGANISATION_TYPES),
  region: z.string().trim().min(1).max(80),
  languages: Languages,
  topics: TopicIds,
  expertise: Text,
  achievements: Text,
  figures: z.array(Figure).max(8),
  email: Email,
};
const HostCreate = z
  .strictObject({
    ...fields,
    organisationType: fields.organisationType.optional(),
    region: fields.region.optional(),
    languages: fields.languages.optional(),
    topics: fields.topics.optional(),
    expertise: fields.expertise.optional(),
    achievements: fields.achievements.optional(),
    figures: fields.figures.optional(),
    email: fields.email.optional(),
  })
  .openapi("HostCreate");
/** Any field may be sent; null clears an optional one. */
const HostPatch = z
  .strictObject({
    name: fields.name,
    kind: fields.kind,
    country: fields.country,
    organisationType: fields.organisationType.nullable(),
    region: fields.region.nullable(),
    languages: fields.languages,
    topics: fields.topics,
    expertise: fields.expertise.nullable(),
    achievements: fields.achievements.nullable(),
    figures: fields.figures.nullable(),
    email: fields.email.nullable(),
  })
  .partial()
  .openapi("HostPatch");

const create = createRoute({
  method: "post",
  path: "/hosts",
  tags: ["hosts"],
  summary: "Register a host organisation or local talent (platform admin)",
  request: { body: body(HostCreate) },
  responses: { 201: json(Host, "Created"), ...problems(400, 401, 403) },
});
const list = createRoute({
  method: "get",
  path: "/hosts",
  tags: ["hosts"],
  summary: "The public directory of hosts: of one country (by region) or all, a page at a time",
  request: {
    query: z.object({
      country: Country.optional(),
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(100).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(Host), nextCursor: z.string().nullable() })),
    ...problems(400),
  },
});
const detail = createRoute({
  method: "get",
  path: "/hosts/{id}",
  tags: ["hosts"],
  summary: "A host's public profile",
  request: { params: Id },
  responses: { 200: json(Host), ...problems(404) },
});
const patch = createRoute({
  method: "patch",
  path: "/hosts/{id}",
  tags: ["hosts"],
  summary: "Edit a host's profile (a member of the host or a platform admin); null clears a field",
  request: { params: Id, body: body(HostPatch) },
  responses: { 200: json(Host), ...problems(400, 401, 403, 404, 409) },
});
const putPhoto = createRoute({
  method: "put",
  path: "/hosts/{id}/photo",
  tags: ["hosts"],
  summary: `Set the photo (raw JPEG, PNG or WebP body; a member or a platform admin): served as a JPEG of at most ${Hosts.MAX_PHOTO_BYTES / 1000} kB`,
  request: {
    params: Id,
    headers: z.object({
      "content-type": z.enum(Hosts.PHOTO_TYPES, { message: "Must be image/jpeg, image/png or image/webp." }),
    }),
  },
  responses: { 200: json(Host), ...problems(400, 401, 403, 404) },
});
const getPhoto = createRoute({
  method: "get",
  path: "/hosts/{id}/photo",
  tags: ["hosts"],
  summary: "The host's photo (public; cached for a year: a new photo has a new ?v=)",
  request: { params: Id, query: z.object({ v: z.string().max(64).optional() }) },
  responses: {
    200: { description: "JPEG", content: { "image/jpeg": { schema: z.string() } } },
    ...problems(404),
  },
});
const addMember = createRoute({
  method: "post",
  path: "/hosts/{id}/members",
  tags: ["hosts"],
  summary: "Add a member who keeps the host's profile and reads its statement (platform admin)",
  request: { params: Id, body: body(z.strictObject({ email: Email })) },
  responses: {
    201: json(z.object({ hostId: z.string(), personId: z.string(), email: z.string(), addedAt: z.string() }), "Added"),
    ...problems(400, 401, 403, 404),
  },
});
const mine = createRoute({
  method: "get",
  path: "/me/hosts",
  tags: ["hosts"],
  summary: "The hosts the signed-in person is a member of",
  responses: {
    200: json(
      z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(Hosts.HOST_KINDS) })) }),
    ),
    ...problems(401),
  },
});
const Money = z.object({ amount: z.number().int(), currency: z.string() }).openapi("Money");
const Statement = z
  .object({
    hostId: z.string(),
    party: z.string(),
    currency: z.string(),
    currencies: z.array(z.string()),
    owed: Money,
    paid: Money,
    due: Money,
    entries: z.array(
      z.object({
        createdAt: z.string(),
        kind: z.enum(["share", "reversal", "payout"]),
        amount: Money,
        postingId: z.string(),
        enrolmentId: z.string().optional(),
        paymentIntentId: z.string().optional(),
        refundId: z.string().optional(),
        payoutId: z.string().optional(),
        method: z.string().optional(),
        reference: z.string().optional(),
        offering: z.object({ kind: z.string(), id: z.string(), title: Localized.optional() }).optional(),
        memo: z.string(),
      }),
    ),
  })
  .openapi("HostStatement");
const statement = createRoute({
  method: "get",
  path: "/hosts/{id}/statement",
  tags: ["hosts"],
  summary:
    "What the host was owed, paid and is due in one currency, line by line (a member or a platform admin); ?format=csv",
  request: {
    params: Id,
    query: z.object({
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, "Must be an ISO 4217 code such as PEN.")
        .optional(),
      format: z.enum(["json", "csv"]).optional(),
    }),
  },
  responses: {
    200: { description: "Statement", content: { "application/json": { schema: Statement }, ...Csv } },
    ...problems(400, 401, 403, 404),
  },
});

const view = (h: Hosts.Host) => Hosts.publicView(h);

export const hostRoutes = router()
  .openapi(create, async (c) => c.json(view(await Hosts.create(c.get("actor"), c.req.valid("json"))), 201))
  .openapi(list, async (c) => {
    const page = await Hosts.list(c.req.valid("query"));
    return c.json({ items: page.items.map(view), nextCursor: page.nextCursor }, 200);
  })
  .openapi(detail, async (c) => c.json(view(await Hosts.profile(c.req.valid("param").id)), 200))
  .openapi(patch, async (c) =>
    c.json(view(await Hosts.update(c.get("actor"), c.req.valid("param").id, c.req.valid("json"))), 200),
  )
  .openapi(getPhoto, async (c) => {
    const photo = await Hosts.photo(c.req.valid("param").id);
    return c.body(photo.bytes as never, 200, {
      "Content-Type": photo.contentType,
      "Cache-Control": "public, max-age=31536000, immutable",
    }) as never;
  })
  .openapi(addMember, async (c) =>
    c.json(await Hosts.addMember(c.get("actor"), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(mine, async (c) =>
    c.json({ items: (await Hosts.mine(c.get("actor"))).map(({ id, name, kind }) => ({ id, name, kind })) }, 200),
  )
  .openapi(statement, async (c) => {
    const { id } = c.req.valid("param");
    const { currency, format } = c.req.valid("query");
    const s = await Hosts.statement(c.get("actor"), id, { currency });
    if (wantsCsv(format)) return csv(c, `host-${id}-statement-${s.currency}.csv`, Hosts.statementCsv(s));
    return c.json(s, 200);
  });

// The photo is a raw body, so it sits behind a size limit before any byte is buffered.
hostRoutes.use(
  "/hosts/:id/photo",
  bodyLimit({
    maxSize: Hosts.MAX_UPLOAD_BYTES,
    onError: () => {
      throw Invalid.field("photo", `The image is larger than ${Hosts.MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
    },
  }),
);
hostRoutes.openapi(putPhoto, async (c) => {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength === 0) throw Invalid.field("photo", "The body is empty: send the image's bytes.");
  const host = await Hosts.setPhoto(c.get("actor"), c.req.valid("param").id, {
    bytes,
    contentType: c.req.valid("header")["content-type"],
  });
  return c.json(view(host), 200);
});
