import { parse, specifiedRules, validate } from "graphql";
import type { GraphQLError } from "graphql";
import { MAX_COST, MAX_DEPTH, checkCost, depthLimitRule } from "../../src/graphql/limits";
import { createSchema } from "../../src/graphql/schema";
import { deepQuery } from "../helpers/deep-query";

const schema = createSchema();

function depthErrors(query: string, max = MAX_DEPTH): readonly GraphQLError[] {
  return validate(schema, parse(query), [...specifiedRules, depthLimitRule(max)]);
}

describe("depth limit", () => {
  test("the limit is 15", () => expect(MAX_DEPTH).toBe(15));

  test.each([1, 2, 14, 15])("%i levels pass", (d) => {
    expect(depthErrors(deepQuery(d))).toEqual([]);
  });

  test.each([16, 17, 30, 100])("%i levels fail", (d) => {
    const errors = depthErrors(deepQuery(d));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/15/);
  });

  test("fragments are followed, and a fragment cycle does not hang the rule", () => {
    const deep = `query { user(id: "1") { ...F } } fragment F on User { awards { edges { node { user { ...G } } } } }
      fragment G on User { awards { edges { node { user { awards { edges { node { user { awards { edges { node { id } } } } } } } } } } } }`;
    expect(depthErrors(deep)).toHaveLength(1);
    const cyclic = `query { user(id: "1") { ...A } } fragment A on User { awards { edges { node { user { ...A } } } } }`;
    // graphql's own NoFragmentCycles reports the cycle; the depth rule must simply terminate.
    expect(depthErrors(cyclic).length).toBeGreaterThanOrEqual(1);
  });

  test("inline fragments add no level", () => {
    const q = deepQuery(15).replace('user(id: "1") {', 'user(id: "1") { ... on User { ... on User {').replace(/\}$/, "} } }");
    expect(depthErrors(q)).toEqual([]);
  });
});

describe("cost limit", () => {
  const cost = (query: string, variables?: Record<string, unknown>) => checkCost(schema, parse(query), variables, undefined);

  test("admits users(first: 100) with awards(first: 100) under each user", () => {
    const c = cost(`{ users(first: 100) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id name language timeZone createdAt
      awards(first: 100) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id awardedAt language name description points } } } } } } }`);
    expect(c).toBeGreaterThan(10_000);
    expect(c).toBeLessThanOrEqual(MAX_COST);
  });

  test("refuses a third nested list of 100 with GRAPHQL_VALIDATION_FAILED", () => {
    const q = `{ users(first: 100) { edges { node { awards(first: 100) { edges { node { user { awards(first: 100) { edges { node { id } } } } } } } } } } }`;
    expect(() => cost(q)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "GRAPHQL_VALIDATION_FAILED" }) }));
  });

  test("uses `first` from variables and the schema default when absent", () => {
    const q = `query($n: Int) { users(first: $n) { edges { node { id } } } }`;
    expect(cost(q, { n: 100 })).toBeGreaterThan(cost(q, { n: 10 }));
    expect(cost(q, {})).toBe(cost(q, { n: 20 }));
    expect(cost(`{ users { edges { node { id } } } }`)).toBe(cost(q, { n: 20 }));
  });

  test("grows with the page size: first multiplies its children", () => {
    const q = (n: number) => `{ users(first: ${n}) { edges { node { id name } } } }`;
    expect(cost(q(100))).toBeGreaterThan(cost(q(50)) * 1.9);
  });
});
