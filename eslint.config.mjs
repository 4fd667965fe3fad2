// ESLint (flat config): typescript-eslint's recommended rules plus the house rules; the web
// console (web/) also gets React's hooks rules. Linting needs only the root's packages, so a
// fresh clone's `npm ci && npm run check` covers web/ before web's own packages are installed.
import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import tseslint from "typescript-eslint";

/**
 * A no-restricted-imports pattern for relative imports of the top-level folders or files of src/
 * named by `names` (an alternation), optionally narrowed by `rest` (a regex after the name).
 */
function upward(names, rest = "(?:/|$)") {
  return {
    regex: `^\\.{1,2}/(?:\\.\\./)*(?:${names})${rest}`,
    message: "A lower layer imports no higher one (eslint.config.mjs, house-style.md: layers, one way down).",
  };
}

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "coverage/**",
      "data/**",
      "web/dist/**",
      "web/node_modules/**",
      "web/src/gql/**",
      "web/.test-build/**",
      "web/.codegen-check/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    // type-graphql reads parameter types through decorator metadata: imports used only in
    // decorated signatures are values at run time, and the import rule must know it.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "separate-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.ts", "migrations/**/*.ts"],
    rules: { "no-console": "error" },
  },
  // Layers, one way down (house-style.md). At the bottom common/ (coded errors, ids, text, time),
  // logger.ts and config.ts; on them db/ and auth/; on those the modules' repositories, services and
  // entities; on top graphql/ (schema, resolvers, types, plugins), http/, demo/, app.ts, main.ts.
  // A lower layer imports no higher one: the one exception is db/ listing the modules' entities
  // (TypeORM's DataSource needs them). Cursors and paging are common/pagination.ts; the GraphQL
  // connection types built on them are graphql/pagination.ts.
  {
    files: ["src/common/**/*.ts", "src/auth/**/*.ts", "src/logger.ts", "src/config.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [upward("graphql|http|demo|modules|db|app|main")] }] },
  },
  {
    files: ["src/db/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [upward("graphql|http|demo|auth|app|main"), upward("modules", "(?!.*\\.entity$)")] }],
    },
  },
  {
    files: ["src/modules/**/*.repository.ts", "src/modules/**/*.service.ts", "src/modules/**/*.entity.ts", "src/modules/services.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [upward("graphql|http|demo|app|main")] }],
    },
  },
  {
    // Tests and benchmarks read loosely typed JSON answers; `any` is allowed there.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        fetch: "readonly",
        URL: "readonly",
      },
    },
  },
  {
    // The console's components: the hooks rules (React Compiler's included) and Vite's fast refresh.
    files: ["web/src/**/*.{ts,tsx}"],
    plugins: reactHooks.configs.flat.recommended.plugins,
    rules: { ...reactHooks.configs.flat.recommended.rules, "react-hooks/exhaustive-deps": "error" },
    languageOptions: { globals: globals.browser },
  },
  {
    files: ["web/src/**/*.tsx"],
    plugins: { "react-refresh": reactRefresh },
    rules: { "react-refresh/only-export-components": "error" },
  },
  {
    // The console's browser tests, scripts and tool configs run in Node.
    files: ["web/e2e/**", "web/scripts/**", "web/*.ts", "web/test/**"],
    languageOptions: { globals: globals.node },
  },
  {
    // ... and hand functions to the page (page.evaluate), which run in the browser.
    files: ["web/e2e/tests/**"],
    languageOptions: { globals: globals.browser },
  },
);
