import DataLoader from "dataloader";
import type { Queryable } from "../../db/queryable";
import { userRepository } from "./user.repository";
import type { UserRow } from "./user.repository";

export function createUserLoaders(read: Queryable) {
  return {
    user: new DataLoader<string, UserRow | undefined>(async (ids) => {
      const rows = await userRepository.findByIds(read, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    }),
  };
}
