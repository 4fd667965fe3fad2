import fs from "node:fs";
import path from "node:path";
import { printSchemaSDL } from "./print-schema";

/** `npm run schema:emit`: writes schema.graphql at the project root from the server's own schema. */
const target = path.resolve(process.argv[2] ?? "schema.graphql");
fs.writeFileSync(target, printSchemaSDL());
process.stdout.write(`wrote ${target}\n`);
