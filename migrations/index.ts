import { InitialSchema1764172800000 } from "./1764172800000-initial-schema";

/** Every migration, oldest first. Landed migrations are never edited. */
export const migrations = [InitialSchema1764172800000];
