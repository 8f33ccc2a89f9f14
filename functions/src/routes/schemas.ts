/** Schemas shared by several route files. */
import { z } from "@hono/zod-openapi";
import { People, Text } from "@rutas/core";

export const Email = z.string().trim().toLowerCase().pipe(z.email({ message: "Must be an e-mail address." })).openapi({ example: "ana@example.org" });
export const Country = z
  .string()
  .refine(People.isCountryCode, { message: "Must be an ISO 3166-1 alpha-2 country code, e.g. PE." })
  .openapi({ example: "PE" });
export const Locale = z.enum(["en", "es", "fr"]);

export const PersonView = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().optional(),
    country: z.string().optional(),
    organisation: z.string().optional(),
    organisationType: z.enum(People.ORGANISATION_TYPES).optional(),
    languages: z.array(z.string()).optional(),
    education: z.string().optional(),
    gender: z.string().optional(),
    birthYear: z.number().int().optional(),
    profession: z.string().optional(),
    side: z.enum(["north", "south"]).nullable(),
    pricingGroup: z.enum(["standard", "reduced", "community"]),
    roles: z.array(z.string()),
    institutions: z.array(z.object({ id: z.string(), role: z.literal("admin") })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Person");

/** A language a record's text may be written in, and a course given in: the UI's three, Quechua and Aymara. */
export const ContentLanguage = z.enum(Text.CONTENT_LANGUAGES).openapi("ContentLanguage");

const oneText = () => z.string().trim().min(1).max(4000).optional();
export const Localized = z
  .object({ en: oneText(), es: oneText(), fr: oneText(), qu: oneText(), ay: oneText() })
  .strict()
  .openapi("LocalizedText");

export const IsoDate = z.iso.date({ message: "Must be a date as YYYY-MM-DD." }).openapi({ example: "2027-03-01" });

export const PriceSchema = z
  .object({
    group: z.enum(["standard", "reduced", "community"]),
    amount: z.number().int().min(0).max(10_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, "Must be an ISO 4217 code such as CAD."),
  })
  .openapi("Price");

export const ChargedPrice = PriceSchema.nullable();

export const Csv = { "text/csv": { schema: z.string() } };

export const wantsCsv = (format: string | undefined) => format === "csv";
