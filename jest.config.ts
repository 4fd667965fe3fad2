import type { Config } from "jest";

/**
 * One suite, two databases: embedded PGlite by default, PostgreSQL when DATABASE_URL is set
 * (each test file then gets its own database cloned from a migrated template).
 */
const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json", diagnostics: false }],
  },
  setupFiles: ["<rootDir>/test/setup/env.ts"],
  globalSetup: "<rootDir>/test/setup/global-setup.ts",
  globalTeardown: "<rootDir>/test/setup/global-teardown.ts",
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
