import { useTestApp } from "../helpers/test-app";

const t = useTestApp({ resetBeforeEach: false });

test("creates a user and reads it back", async () => {
  const r = await t.gql(
    `mutation { createUser(input: { name: "  Пётр  ", language: RU, timeZone: "Europe/Moscow" }) { id name language timeZone } }`,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data?.createUser).toEqual({ id: "1", name: "Пётр", language: "RU", timeZone: "Europe/Moscow" });
  const again = await t.gql(`{ userByName(name: "ПЁТР") { id } }`);
  expect(again.data?.userByName).toEqual({ id: "1" });
});
