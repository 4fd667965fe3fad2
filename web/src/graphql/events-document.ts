import { graphql } from "../gql";

/** The events the console shows: the live feed (every user) and a user's page (one user). */
export const AwardEventsDocument = graphql(`
  subscription AwardEvents($userId: ID) {
    awardEvents(userId: $userId) {
      id
      kind
      userId
      achievementId
      at
      award {
        id
        name
        points
        user {
          id
          name
        }
      }
      progress {
        current
        target
        user {
          id
          name
        }
        achievement {
          id
          name
        }
      }
    }
  }
`);
