import fs from "node:fs";
import path from "node:path";
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType } from "graphql";
import type { GraphQLNamedType, GraphQLSchema } from "graphql";
import { printSchemaSDL } from "../src/graphql/print-schema";

const ROOT = path.resolve(__dirname, "..");
// The binding contract, as committed in test/contract/ (.ci/run checks they equal ../shared's):
// version 1 and version 2, which extends it (read together they are one SDL document).
const CONTRACT = path.join(ROOT, "test", "contract", "api-contract.graphql");
const CONTRACT_V2 = path.join(ROOT, "test", "contract", "api-contract-v2.graphql");

test("schema.graphql is what the server serves (else: run npm run schema:emit)", () => {
  const committed = fs.readFileSync(path.join(ROOT, "schema.graphql"), "utf8");
  const printed = printSchemaSDL();
  if (committed !== printed) {
    const a = committed.split("\n");
    const b = printed.split("\n");
    const line = a.findIndex((l, i) => l !== b[i]);
    throw new Error(
      `schema.graphql differs from the served schema at line ${line + 1}:\n` +
        `  committed: ${JSON.stringify(a[line])}\n  served:    ${JSON.stringify(b[line])}\n` +
        "run npm run schema:emit",
    );
  }
});

/** Everything in `contract` that `served` lacks or types differently (as ../shared/tools/check-contract.mjs checks). */
function contractProblems(contract: GraphQLSchema, served: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const [name, want] of Object.entries(contract.getTypeMap()) as [string, GraphQLNamedType][]) {
    if (name.startsWith("__")) continue;
    const got = served.getType(name);
    if (!got) {
      problems.push(`type ${name} is missing`);
      continue;
    }
    if (isScalarType(want)) {
      if (!isScalarType(got)) problems.push(`${name} should be a scalar`);
      continue;
    }
    if (isEnumType(want)) {
      if (!isEnumType(got)) {
        problems.push(`${name} should be an enum`);
        continue;
      }
      const have = new Set(got.getValues().map((v) => v.name));
      for (const v of want.getValues()) if (!have.has(v.name)) problems.push(`enum ${name} lacks ${v.name}`);
      continue;
    }
    if (isObjectType(want) || isInterfaceType(want) || isInputObjectType(want)) {
      if (got.constructor !== want.constructor) {
        problems.push(`${name} should be a ${want.constructor.name}`);
        continue;
      }
      const gotFields = (got as typeof want).getFields() as Record<string, any>;
      for (const [fname, wf] of Object.entries(want.getFields()) as [string, any][]) {
        const gf = gotFields[fname];
        if (!gf) {
          problems.push(`${name}.${fname} is missing`);
          continue;
        }
        if (String(gf.type) !== String(wf.type)) problems.push(`${name}.${fname} is ${gf.type}, contract says ${wf.type}`);
        for (const wa of wf.args ?? []) {
          const ga = (gf.args ?? []).find((a: any) => a.name === wa.name);
          if (!ga) {
            problems.push(`${name}.${fname}(${wa.name}) is missing`);
            continue;
          }
          if (String(ga.type) !== String(wa.type)) problems.push(`${name}.${fname}(${wa.name}) is ${ga.type}, contract says ${wa.type}`);
          if (wa.defaultValue !== undefined && JSON.stringify(ga.defaultValue) !== JSON.stringify(wa.defaultValue)) {
            problems.push(
              `${name}.${fname}(${wa.name}) defaults to ${JSON.stringify(ga.defaultValue)}, contract says ${JSON.stringify(wa.defaultValue)}`,
            );
          }
        }
        for (const ga of gf.args ?? []) {
          if (!(wf.args ?? []).some((a: any) => a.name === ga.name) && String(ga.type).endsWith("!") && ga.defaultValue === undefined) {
            problems.push(`${name}.${fname}(${ga.name}) is required but not in the contract`);
          }
        }
      }
    }
  }
  return problems;
}

const contract = buildSchema(`${fs.readFileSync(CONTRACT, "utf8")}\n${fs.readFileSync(CONTRACT_V2, "utf8")}`);
const served = buildSchema(printSchemaSDL());

test("the comparison sees what is missing (it can fail)", () => {
  const poorer = buildSchema(`type Query { user(id: ID!): String } enum Language { RU }`);
  const problems = contractProblems(contract, poorer);
  expect(problems).toContain("Query.user is String, contract says User");
  expect(problems).toContain("enum Language lacks EN");
  expect(problems).toContain("type Award is missing");
});

test("the served schema has every type, field, argument, default and enum value of the contract", () => {
  expect(contractProblems(contract, served)).toEqual([]);
});

test("mutations and queries of the contract keep their exact signatures", () => {
  const mutation = served.getMutationType()!.getFields();
  expect(String(mutation.awardAchievement!.type)).toBe("AwardResult!");
  expect(mutation.createUser!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(["input: CreateUserInput!"]);
  const query = served.getQueryType()!.getFields();
  expect(query.users!.args.map((a) => `${a.name}: ${a.type} = ${JSON.stringify(a.defaultValue)}`)).toEqual(
    expect.arrayContaining(["first: Int = 20", "after: String = undefined", "search: String = undefined"]),
  );
});
