import type { Queryable } from "../../db/queryable";
import { keyedLoader } from "../../graphql/keyed-loader";
import { userRepository } from "./user.repository";

export function createUserLoaders(read: Queryable) {
  return {
    user: keyedLoader(
      (ids) => userRepository.findByIds(read, ids),
      (r) => r.id,
    ),
  };
}
