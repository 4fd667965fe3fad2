/**
 * Time to check a document against the service's limits, by length of a fragment chain in which
 * every fragment spreads the next one twice (api-contract.md "Hostile requests": linear in the
 * document's size, whatever its fragments do):
 *
 *   npm run build && node dist/bench/validation.js [--runs 50] [--lengths 10,20,40,80,120,160,200]
 *
 * For each length and for two chains (on User, refused by cost; on Query, refused by the root
 * field limit) it prints the median and max of parse + graphql's validation with the service's
 * rules + the cost check, in-process, after 5 warm-up runs.
 */
import "reflect-metadata";
import { Kind, parse, specifiedRules, validate } from "graphql";
import type { OperationDefinitionNode } from "graphql";
import { MAX_TOKENS, checkCost, operationShapeRule } from "../src/graphql/limits";
import { createSchema } from "../src/graphql/schema";
import { parseArgs } from "./lib/sql";

function chain(n: number, type: string, base: string): string {
  let s = `fragment F0 on ${type} { ${base} }\n`;
  for (let i = 1; i <= n; i++) s += `fragment F${i} on ${type} { ...F${i - 1} ...F${i - 1} }\n`;
  return s;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const runs = Number(args.runs ?? 50);
  const lengths = String(args.lengths ?? "10,20,40,80,120,160,200")
    .split(",")
    .map(Number);
  const schema = createSchema();
  const rules = [...specifiedRules, operationShapeRule()];

  const check = (query: string): string => {
    const doc = parse(query, { maxTokens: MAX_TOKENS });
    const errors = validate(schema, doc, rules);
    if (errors.length > 0) return errors[0]!.message;
    const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    try {
      checkCost(schema, doc, {}, op.name?.value);
      return "admitted";
    } catch (e) {
      return (e as Error).message;
    }
  };

  console.log("| fragments | document | chain on | median ms | max ms | answer |");
  console.log("| ---: | ---: | --- | ---: | ---: | --- |");
  for (const n of lengths) {
    for (const [type, query] of [
      ["User", `query Chain { user(id: "1") { ...F${n} } }\n${chain(n, "User", "id name")}`],
      ["Query", `query Chain { ...F${n} }\n${chain(n, "Query", "stats { id }")}`],
    ] as const) {
      let answer = "";
      for (let i = 0; i < 5; i++) answer = check(query);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        check(query);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      const max = times[times.length - 1]!;
      const short = answer
        .replace(/ \(.*$/, "")
        .replace(/;.*$/, "")
        .slice(0, 60);
      console.log(`| ${n} | ${(query.length / 1024).toFixed(1)} KB | ${type} | ${median.toFixed(2)} | ${max.toFixed(2)} | ${short} |`);
    }
  }
}

main();
