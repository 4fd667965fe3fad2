/** A query `depth` fields deep: user → awards → edges → node → user → … ending in a scalar. */
export function deepQuery(depth: number): string {
  const cycle = ["awards", "edges", "node", "user"];
  const leafOf: Record<string, string> = { user: "id", awards: "totalCount", edges: "cursor", node: "id" };
  const fields = [`user(id: "1")`];
  while (fields.length < depth - 1) fields.push(cycle[(fields.length - 1) % 4]!);
  const last = fields[fields.length - 1]!.startsWith("user") ? "user" : fields[fields.length - 1]!;
  return `{ ${fields.reduceRight((inner, f) => `${f} { ${inner} }`, leafOf[last]!)} }`;
}
