import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAwardCsv } from "../src/lib/award-csv.js";

test("rows of two or three fields, with their line numbers; blank lines and a header skipped", () => {
  const text = "userId,achievementId,awardedAt\n12,3,2025-05-01T10:00:00Z\n\n 12 , 4 \r\n7,x\n";
  assert.deepEqual(parseAwardCsv(text), {
    rows: [
      { line: 2, userId: "12", achievementId: "3", awardedAt: "2025-05-01T10:00:00Z" },
      { line: 4, userId: "12", achievementId: "4" },
      { line: 5, userId: "7", achievementId: "x" },
    ],
    bad: [],
  });
});

test("lines with one field, four fields or an empty id are reported by line", () => {
  assert.deepEqual(parseAwardCsv("1,2\n3\n1,2,3,4\n,5\n6,7").bad, [2, 3, 4]);
});

test("a header is only skipped on the first line", () => {
  assert.deepEqual(parseAwardCsv("1,2\nuser,3").rows, [
    { line: 1, userId: "1", achievementId: "2" },
    { line: 2, userId: "user", achievementId: "3" },
  ]);
});
