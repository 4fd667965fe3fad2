import { parse } from "graphql";
import { DocumentCache, HEAP_BYTES_PER_CHARACTER } from "../../src/graphql/document-cache";

const doc = (text: string) => parse(text);

test("a document counts its text's length in characters times HEAP_BYTES_PER_CHARACTER", () => {
  const text = "{ users(first: 5) { totalCount } }";
  expect(DocumentCache.bytesOf(doc(text))).toBe(text.length * HEAP_BYTES_PER_CHARACTER);
});

test("keeps at most maxBytes of documents, the least recently used going first", async () => {
  const bytes = (t: string) => t.length * HEAP_BYTES_PER_CHARACTER;
  const cache = new DocumentCache(bytes("{ a }") + bytes("{ bb }") + bytes("{ ccc }"));
  for (const t of ["{ a }", "{ bb }", "{ ccc }"]) await cache.set(t, doc(t));
  expect(cache.size).toBe(3);
  expect(await cache.get("{ a }")).toBeDefined(); // now the most recently used
  // "{ dddd }" needs the room of "{ bb }" and "{ ccc }", the two least recently used.
  await cache.set("{ dddd }", doc("{ dddd }"));
  expect(await cache.get("{ bb }")).toBeUndefined();
  expect(await cache.get("{ ccc }")).toBeUndefined();
  expect(await cache.get("{ a }")).toBeDefined();
  expect(await cache.get("{ dddd }")).toBeDefined();
  expect(cache.size).toBe(2);
  expect(cache.bytes).toBe(bytes("{ a }") + bytes("{ dddd }"));
});

test("many different documents never hold more than the bound; setting a key again replaces it", async () => {
  const cache = new DocumentCache(10_000 * HEAP_BYTES_PER_CHARACTER);
  for (let i = 0; i < 2_000; i++) {
    const t = `mutation { createUser(input: { name: "attacker ${i}", language: EN }) { id } }`;
    await cache.set(t, doc(t));
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
  }
  expect(cache.size).toBeGreaterThan(0);
  expect(cache.size).toBeLessThan(2_000);
  const before = cache.bytes;
  const last = `mutation { createUser(input: { name: "attacker 1999", language: EN }) { id } }`;
  await cache.set(last, doc(last));
  expect(cache.bytes).toBe(before);
  expect(await cache.delete(last)).toBe(true);
  expect(await cache.delete(last)).toBe(false);
  expect(cache.bytes).toBe(before - last.length * HEAP_BYTES_PER_CHARACTER);
});

test("a document larger than the whole cache is not kept and pushes nothing out", async () => {
  const cache = new DocumentCache(100 * HEAP_BYTES_PER_CHARACTER);
  await cache.set("{ a }", doc("{ a }"));
  const big = `{ ${Array.from({ length: 40 }, (_, i) => `f${i}: a`).join(" ")} }`;
  await cache.set(big, doc(big));
  expect(await cache.get(big)).toBeUndefined();
  expect(await cache.get("{ a }")).toBeDefined();
});
