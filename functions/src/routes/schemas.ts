/** Schemas shared by several route files. */
import { z } from "@hono/zod-openapi";
import { Enrolment, Ids, People, Text } from "@rutas/core";

/**
 * Ids are checked here, at the edge, by the shape core mints them in: an id that could
 * not exist never reaches a DynamoDB key (whose size limit would turn it into a 500).
 * In a path a malformed id answers 404 (see the validation hook); in a body, 400 naming it.
 */
export const Ulid = z
  .string()
  .regex(Ids.ULID, "Must be an id (a ULID).")
  .openapi({ example: "01JD8X0Q9ZK5N6W3B2C4D5E6F7" });
export const EnrolmentId = z
  .string()
  .regex(Enrolment.ENROLMENT_ID, "Must be an enrolment id.")
  .openapi({ example: "c.01JD8X0Q9ZK5N6W3B2C4D5E6F7.01JD8X1A2B3C4D5E6F7G8H9J0K" });
/** Lesson ids are `<module>-<lesson>`, both counted from 1 (courses have at most 12 × 30). */
export const LessonId = z
  .string()
  .regex(/^[1-9]\d?-[1-9]\d?$/, "Must be a lesson id such as 1-2.")
  .openapi({ example: "1-2" });
export const IdParam = z.object({ id: Ulid });
export const EnrolmentIdParam = z.object({ id: EnrolmentId });

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Must be an e-mail address (at most 254 characters).")
  .pipe(z.email({ message: "Must be an e-mail address." }))
  .openapi({ example: "ana@example.org" });
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
  .strictObject({ en: oneText(), es: oneText(), fr: oneText(), qu: oneText(), ay: oneText() })
  .openapi("LocalizedText");

export const IsoDate = z.iso.date({ message: "Must be a date as YYYY-MM-DD." }).openapi({ example: "2027-03-01" });

export const PriceSchema = z
  .strictObject({
    group: z.enum(["standard", "reduced", "community"]),
    amount: z.number().int().min(0).max(10_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, "Must be an ISO 4217 code such as CAD."),
  })
  .openapi("Price");

/** An amount in integer minor units and its ISO 4217 currency. */
export const Money = z
  .strictObject({
    amount: z.number().int(),
    currency: z.string().regex(/^[A-Z]{3}$/, "Must be an ISO 4217 code such as CAD."),
  })
  .openapi("Money");

export const ChargedPrice = PriceSchema.nullable();

/** One party's part of every payment (decision 0008); core checks the plan as a whole. */
export const FeeShareSchema = z.strictObject({
  party: z
    .string()
    .max(40)
    .regex(
      /^(operator|solidarity_fund|institution|institution:[0-9A-HJKMNP-TV-Z]{26}|host:[0-9A-HJKMNP-TV-Z]{26})$/,
      "Must be host:<id>, operator, solidarity_fund or institution:<id>.",
    ),
  basisPoints: z.number().int().min(0).max(10_000),
});

export const Csv = { "text/csv": { schema: z.string() } };

export const wantsCsv = (format: string | undefined) => format === "csv";
