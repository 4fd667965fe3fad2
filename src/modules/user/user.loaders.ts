import DataLoader from "dataloader";
import type { Queryable } from "../../db/queryable";
import { keyedLoader } from "../../graphql/keyed-loader";
import { userRepository } from "./user.repository";

export function createUserLoaders(read: Queryable) {
  return {
    user: keyedLoader(
      (ids) => userRepository.findByIds(read, ids),
      (r) => r.id,
    ),
    /** The number of users (one key, `true`): one primary-key read per request, however many achievements ask. */
    userTotal: new DataLoader<true, number>(async (keys) => {
      const n = await userRepository.total(read);
      return keys.map(() => n);
    }),
  };
}
