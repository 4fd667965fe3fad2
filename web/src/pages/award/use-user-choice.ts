import { useState } from "react";
import { graphql } from "../../gql";
import type { AwardUserSearchQuery } from "../../gql/graphql";
import { useQuery } from "../../graphql/hooks";
import { useDebounced } from "../../lib/use-debounced";

const UserSearchQuery = graphql(`
  query AwardUserSearch($search: String) {
    users(first: 20, search: $search) {
      edges {
        node {
          id
          name
          language
          points
        }
      }
    }
  }
`);

const UserByIdQuery = graphql(`
  query AwardUserById($id: ID!) {
    user(id: $id) {
      id
      name
      language
      points
    }
  }
`);

export type UserOption = AwardUserSearchQuery["users"]["edges"][number]["node"];

/** The user field of the award form: searched on the server as the person types, prefilled from "#/award?user=12". */
export function useUserChoice(initialUserId: string | undefined) {
  const [text, setText] = useState("");
  const [user, setUser] = useState<UserOption | null>(null);

  const search = useDebounced(text.trim(), 250);
  const found = useQuery(UserSearchQuery, { search: search || null }, { skip: user !== null });

  const preset = useQuery(UserByIdQuery, { id: initialUserId ?? "" }, { skip: !initialUserId });
  const [presetSeen, setPresetSeen] = useState(preset.data);
  if (preset.data !== presetSeen) {
    setPresetSeen(preset.data);
    const u = preset.data?.user;
    if (u) {
      setUser(u);
      setText(u.name);
    }
  }

  return {
    text,
    setText,
    selected: user,
    select: setUser,
    options: user ? [] : (found.data?.users.edges.map((e) => e.node) ?? []),
    loading: found.loading,
    error: found.error,
  };
}
