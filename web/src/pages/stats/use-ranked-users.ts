import { graphql } from "../../gql";
import { fetchAllPages, useAsync } from "../../graphql/hooks";

const RankedUsersQuery = graphql(`
  query StatsRankedUsers($after: String) {
    users(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          points
          achievementCount
        }
      }
    }
  }
`);

/** The users who hold any achievement (up to 2,000 of them), for the two charts of points. */
const loadRankedUsers = (signal: AbortSignal) =>
  fetchAllPages(RankedUsersQuery, { after: null }, (r) => ({ nodes: r.users.edges.map((e) => e.node), pageInfo: r.users.pageInfo }), {
    signal,
    maxPages: 20,
  }).then((r) => r.nodes.filter((u) => u.achievementCount > 0));

export function useRankedUsers() {
  return useAsync(loadRankedUsers);
}
