import { Kind, parse, specifiedRules, validate } from "graphql";
import type { FragmentDefinitionNode, OperationDefinitionNode } from "graphql";
import { MAX_COST, checkCost, operationCost, operationShape, operationShapeRule } from "../../src/graphql/limits";
import { requestedFirst } from "../../src/graphql/lookahead";
import { createSchema } from "../../src/graphql/schema";

// api-contract.md: checking a document takes time linear in its size, whatever its fragments do.
// Each check here reads every fragment once; the visits are counted, not timed.

const schema = createSchema();

/** `n` fragments on `type`, each spreading the one before it twice; F0 is `base`. */
function chain(n: number, type: string, base: string): string {
  let s = `fragment F0 on ${type} { ${base} }\n`;
  for (let i = 1; i <= n; i++) s += `fragment F${i} on ${type} { ...F${i - 1} ...F${i - 1} }\n`;
  return s;
}

/** Counts how often each fragment is read. */
function counter() {
  const visits = new Map<string, number>();
  return { visits, onVisit: (name: string) => visits.set(name, (visits.get(name) ?? 0) + 1) };
}

const operationOf = (doc: ReturnType<typeof parse>) =>
  doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;

describe.each([10, 40, 200])("a chain of %i fragments, each spreading the next twice", (n) => {
  const userDoc = parse(`query { user(id: "1") { ...F${n} } }\n${chain(n, "User", "id name")}`);
  const rootDoc = parse(`query { ...F${n} }\n${chain(n, "Query", "stats { id }")}`);

  test("the shape rule (depth, root fields, mutation fields) reads each fragment once", () => {
    const c = counter();
    const errors = validate(schema, rootDoc, [...specifiedRules, operationShapeRule({ onVisit: c.onVisit })]);
    expect(errors.map((e) => e.message).join("\n")).toMatch(/root field limit is 50/);
    expect(c.visits.size).toBe(n + 1);
    expect([...c.visits.values()].every((v) => v === 1)).toBe(true);
  });

  test("depth and root fields are the expanded document's, computed without expanding it", () => {
    const shape = operationShape(rootDoc, operationOf(rootDoc));
    expect(shape).toEqual({ depth: 2, fields: 2 ** n });
  });

  test("the cost reads each fragment once and is the expanded document's", () => {
    const c = counter();
    const cost = operationCost(schema, userDoc, operationOf(userDoc), {}, c.onVisit);
    // user (1) + 2^n × (id + name)
    expect(cost).toBe(1 + 2 ** (n + 1));
    expect(c.visits.size).toBe(n + 1);
    expect([...c.visits.values()].every((v) => v === 1)).toBe(true);
    if (2 ** (n + 1) > MAX_COST) expect(() => checkCost(schema, userDoc, {}, undefined)).toThrow(/cost limit of 250000/);
  });

  test("the resolvers' lookahead (requestedFirst) reads each fragment once", () => {
    const doc = parse(`query { stats { mostPoints { ...F${n} } } }\n${chain(n, "UsersWithPoints", "users(first: 7) { id }")}`);
    const fragments = Object.fromEntries(
      doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    const stats = operationOf(doc).selectionSet.selections[0]!;
    if (stats.kind !== Kind.FIELD) throw new Error("stats expected");
    const mostPoints = stats.selectionSet!.selections[0]!;
    if (mostPoints.kind !== Kind.FIELD) throw new Error("mostPoints expected");
    const c = counter();
    const first = requestedFirst({ fieldNodes: [mostPoints], fragments, variableValues: {} }, "users", 100, 1000, c.onVisit);
    expect(first).toBe(7);
    expect(c.visits.size).toBe(n + 1);
    expect([...c.visits.values()].every((v) => v === 1)).toBe(true);
  });
});

test("a fragment cycle ends every walk (graphql's NoFragmentCycles reports it)", () => {
  const doc = parse(`query { user(id: "1") { ...A } } fragment A on User { id ...B } fragment B on User { name ...A }`);
  const c = counter();
  const errors = validate(schema, doc, [...specifiedRules, operationShapeRule({ onVisit: c.onVisit })]);
  expect(errors.map((e) => e.message).join("\n")).toMatch(/Cannot spread fragment/);
  expect(c.visits).toEqual(
    new Map([
      ["A", 1],
      ["B", 1],
    ]),
  );
  expect(operationCost(schema, doc, operationOf(doc), {})).toBe(3);
});

test("fragments shared by several operations of one document are read once by the shape rule", () => {
  const doc = parse(`query A { ...F3 } query B { ...F3 stats { id } }\n${chain(3, "Query", "stats { id }")}`);
  const c = counter();
  expect(validate(schema, doc, [...specifiedRules, operationShapeRule({ onVisit: c.onVisit })])).toEqual([]);
  expect([...c.visits.values()]).toEqual([1, 1, 1, 1]);
});
