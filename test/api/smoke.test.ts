import { startTestApp } from "../helpers/test-app";
import type { TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

test("creates a user and reads it back", async () => {
  const r = await t.gql(
    `mutation { createUser(input: { name: "  Пётр  ", language: RU, timeZone: "Europe/Moscow" }) { id name language timeZone } }`,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data?.createUser).toEqual({ id: "1", name: "Пётр", language: "RU", timeZone: "Europe/Moscow" });
  const again = await t.gql(`{ userByName(name: "ПЁТР") { id } }`);
  expect(again.data?.userByName).toEqual({ id: "1" });
});
