/** Pods with this label may reach the database (the compute layer gives it to the services that use it). */
export const DATABASE_CLIENT_LABELS = { "strata.dev/uses-database": "true" } as const;
