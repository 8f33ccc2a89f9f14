/**
 * The shape of the ids core mints: ULIDs (`ulid()`, 26 Crockford base-32 characters,
 * upper case). The HTTP edge refuses anything else before it reaches a key, so an id
 * longer than DynamoDB's key limit can never become a database error.
 */
export const ULID_SOURCE = "[0-7][0-9A-HJKMNP-TV-Z]{25}";
export const ULID = new RegExp(`^${ULID_SOURCE}$`);

export const isUlid = (id: string) => ULID.test(id);
