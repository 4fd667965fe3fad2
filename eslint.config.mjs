// ESLint (flat config): typescript-eslint's recommended rules plus the house rules; the web
// console (web/) also gets React's hooks rules. Linting needs only the root's packages, so a
// fresh clone's `npm ci && npm run check` covers web/ before web's own packages are installed.
import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import reactRefresh from "eslint-plugin-react-refresh";
import tseslint from "typescript-eslint";

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
