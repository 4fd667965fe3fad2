import type { CodegenConfig } from "@graphql-codegen/cli";

// The console is typed from the server's committed, generated schema.
// SCHEMA overrides the path for local work before ../schema.graphql exists;
// CODEGEN_OUT redirects the output (used by `npm run codegen:check`).
const schema = process.env.SCHEMA ?? "../schema.graphql";
const out = process.env.CODEGEN_OUT ?? "./src/gql/";

const config: CodegenConfig = {
  schema,
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: "client",
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        documentMode: "string",
        enumType: "string-literal",
        useTypeImports: true,
        strictScalars: true,
        scalars: {
          DateTime: "string",
          Date: "string",
        },
        skipTypename: true,
      },
    },
  },
};

export default config;
