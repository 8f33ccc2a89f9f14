/**
 * Every key format in the table is built here and nowhere else.
 * See README.md beside this file for the access patterns they serve.
 */
export const keys = {
  person: (personId: string) => ({ pk: `PERSON#${personId}`, sk: "META" }),
  /** Uniqueness of an e-mail address: one item per address, written with attribute_not_exists. */
  email: (email: string) => ({ pk: `EMAIL#${email}`, sk: "META" }),
  magicLink: (tokenHash: string) => ({ pk: `MAGIC#${tokenHash}`, sk: "META" }),
  rateWindow: (bucket: string, subject: string, windowStart: number) => ({
    pk: `RATE#${bucket}#${subject}`,
    sk: `W#${windowStart}`,
  }),
  outbox: (email: string, mailId: string) => ({ pk: `OUTBOX#${email}`, sk: `MAIL#${mailId}` }),
  outboxPartition: (email: string) => `OUTBOX#${email}`,
  institution: (institutionId: string) => ({ pk: `INST#${institutionId}`, sk: "META" }),
  institutionListing: (name: string, institutionId: string) => ({
    gsi1pk: "INSTITUTIONS",
    gsi1sk: `${name.toLowerCase()}#${institutionId}`,
  }),
  institutionsPartition: () => "INSTITUTIONS",
  membership: (institutionId: string, personId: string) => ({ pk: `INST#${institutionId}`, sk: `MEMBER#${personId}` }),
  /** gsi1: the institutions a person administers. */
  membershipByPerson: (institutionId: string, personId: string) => ({
    gsi1pk: `PERSON#${personId}`,
    gsi1sk: `MEMBER#${institutionId}`,
  }),
  membersPrefix: () => "MEMBER#",
  host: (hostId: string) => ({ pk: `HOST#${hostId}`, sk: "META" }),
  /** gsi1: hosts by country and region, for the directory and route planning. */
  hostListing: (country: string, region: string, hostId: string) => ({
    gsi1pk: `HOSTS#${country}`,
    gsi1sk: `${region.toLowerCase()}#${hostId}`,
  }),
  hostsPartition: (country: string) => `HOSTS#${country}`,
  personPartition: (personId: string) => `PERSON#${personId}`,
} as const;
