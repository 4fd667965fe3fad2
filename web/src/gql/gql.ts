/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ApiKeyInfo {\n    apiKey {\n      name\n      scope\n    }\n  }\n": typeof types.ApiKeyInfoDocument,
    "\n  subscription AwardEvents($userId: ID) {\n    awardEvents(userId: $userId) {\n      id\n      kind\n      userId\n      achievementId\n      at\n      award {\n        id\n        name\n        points\n        user {\n          id\n          name\n        }\n      }\n      progress {\n        current\n        target\n        user {\n          id\n          name\n        }\n        achievement {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.AwardEventsDocument,
    "\n  query Achievements($first: Int, $after: String) {\n    achievements(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          points\n          holderCount\n          holderPercent\n          hidden\n          steps\n          translations {\n            language\n            name\n            description\n          }\n        }\n      }\n    }\n  }\n": typeof types.AchievementsDocument,
    "\n  mutation UpdateAchievement($id: ID!, $input: UpdateAchievementInput!) {\n    updateAchievement(id: $id, input: $input) {\n      id\n      hidden\n      translations {\n        language\n        name\n        description\n      }\n    }\n  }\n": typeof types.UpdateAchievementDocument,
    "\n  mutation CreateAchievement($input: CreateAchievementInput!) {\n    createAchievement(input: $input) {\n      id\n      points\n      hidden\n      steps\n      holderCount\n      translations {\n        language\n        name\n        description\n      }\n    }\n  }\n": typeof types.CreateAchievementDocument,
    "\n  mutation AwardAchievements($inputs: [AwardAchievementInput!]!) {\n    awardAchievements(inputs: $inputs) {\n      index\n      result {\n        created\n        award {\n          id\n          awardedAt\n          name\n          user {\n            id\n            name\n          }\n        }\n      }\n      error {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.AwardAchievementsDocument,
    "\n  query AwardCatalogue($after: String) {\n    achievements(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          points\n          translations {\n            language\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.AwardCatalogueDocument,
    "\n  mutation AwardAchievement($input: AwardAchievementInput!) {\n    awardAchievement(input: $input) {\n      created\n      award {\n        id\n        awardedAt\n        language\n        name\n        points\n        user {\n          id\n          name\n          timeZone\n          points\n          achievementCount\n        }\n        achievement {\n          id\n          holderCount\n        }\n      }\n    }\n  }\n": typeof types.AwardAchievementDocument,
    "\n  query AwardUserSearch($search: String) {\n    users(first: 20, search: $search) {\n      edges {\n        node {\n          id\n          name\n          language\n          points\n        }\n      }\n    }\n  }\n": typeof types.AwardUserSearchDocument,
    "\n  query AwardUserById($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      language\n      points\n    }\n  }\n": typeof types.AwardUserByIdDocument,
    "\n  query LeaderboardPage($metric: LeaderboardMetric!, $period: LeaderboardPeriod!, $at: DateTime, $around: ID, $after: String) {\n    stats {\n      leaderboard(metric: $metric, period: $period, at: $at, first: 20, around: $around, after: $after) {\n        periodStart\n        periodEnd\n        totalCount\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          endCursor\n        }\n        edges {\n          node {\n            rank\n            value\n            user {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.LeaderboardPageDocument,
    "\n  query UserRanks($id: ID!) {\n    user(id: $id) {\n      id\n      pointsAll: rank(metric: POINTS, period: ALL_TIME)\n      pointsMonth: rank(metric: POINTS, period: MONTH)\n      pointsWeek: rank(metric: POINTS, period: WEEK)\n      pointsDay: rank(metric: POINTS, period: DAY)\n      countAll: rank(metric: ACHIEVEMENTS, period: ALL_TIME)\n      countMonth: rank(metric: ACHIEVEMENTS, period: MONTH)\n      countWeek: rank(metric: ACHIEVEMENTS, period: WEEK)\n      countDay: rank(metric: ACHIEVEMENTS, period: DAY)\n    }\n  }\n": typeof types.UserRanksDocument,
    "\n  query Stats {\n    stats {\n      mostAchievements {\n        count\n        userCount\n        users(first: 100) {\n          id\n          name\n          points\n        }\n      }\n      mostPoints {\n        points\n        userCount\n        users(first: 100) {\n          id\n          name\n          achievementCount\n        }\n      }\n      maxPointsDifference {\n        difference\n        pairCount\n        pairs(first: 20) {\n          first {\n            id\n            name\n            points\n          }\n          second {\n            id\n            name\n            points\n          }\n        }\n      }\n      minPointsDifference {\n        difference\n        pairCount\n        pairs(first: 20) {\n          first {\n            id\n            name\n            points\n          }\n          second {\n            id\n            name\n            points\n          }\n        }\n      }\n    }\n  }\n": typeof types.StatsDocument,
    "\n  query StatsStreaks($days: Int, $after: String) {\n    stats {\n      streaks(days: $days, first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            user {\n              id\n              name\n            }\n            streak {\n              days\n              start\n              end\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.StatsStreaksDocument,
    "\n  query StatsRankedUsers($after: String) {\n    users(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          points\n          achievementCount\n        }\n      }\n    }\n  }\n": typeof types.StatsRankedUsersDocument,
    "\n  query UserPage($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      name\n      language\n      timeZone\n      createdAt\n      points\n      achievementCount\n      longestStreak {\n        days\n        start\n        end\n      }\n      awards(first: 100, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            awardedAt\n            language\n            name\n            description\n            points\n            achievement {\n              id\n              hidden\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.UserPageDocument,
    "\n  query UserProgress($id: ID!) {\n    user(id: $id) {\n      id\n      progress(first: 100) {\n        totalCount\n        edges {\n          node {\n            current\n            target\n            updatedAt\n            achievement {\n              id\n              hidden\n              points\n              translations {\n                language\n                name\n                description\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.UserProgressDocument,
    "\n  mutation RevokeAward($input: RevokeAwardInput!) {\n    revokeAward(input: $input) {\n      revoked\n      award {\n        id\n        revokedAt\n      }\n    }\n  }\n": typeof types.RevokeAwardDocument,
    "\n  query RevokedAwards($id: ID!) {\n    user(id: $id) {\n      id\n      timeZone\n      revokedAwards(first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            name\n            language\n            points\n            awardedAt\n            revokedAt\n            revocationReason\n            revokedBy\n          }\n        }\n      }\n    }\n  }\n": typeof types.RevokedAwardsDocument,
    "\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          language\n          timeZone\n          points\n          achievementCount\n        }\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      createdAt\n      deliveries(first: 10) {\n        eventId\n        status\n        attempts\n        lastStatusCode\n        lastError\n        lastAttemptAt\n        nextAttemptAt\n      }\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": typeof types.DeleteWebhookDocument,
};
const documents: Documents = {
    "\n  query ApiKeyInfo {\n    apiKey {\n      name\n      scope\n    }\n  }\n": types.ApiKeyInfoDocument,
    "\n  subscription AwardEvents($userId: ID) {\n    awardEvents(userId: $userId) {\n      id\n      kind\n      userId\n      achievementId\n      at\n      award {\n        id\n        name\n        points\n        user {\n          id\n          name\n        }\n      }\n      progress {\n        current\n        target\n        user {\n          id\n          name\n        }\n        achievement {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.AwardEventsDocument,
    "\n  query Achievements($first: Int, $after: String) {\n    achievements(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          points\n          holderCount\n          holderPercent\n          hidden\n          steps\n          translations {\n            language\n            name\n            description\n          }\n        }\n      }\n    }\n  }\n": types.AchievementsDocument,
    "\n  mutation UpdateAchievement($id: ID!, $input: UpdateAchievementInput!) {\n    updateAchievement(id: $id, input: $input) {\n      id\n      hidden\n      translations {\n        language\n        name\n        description\n      }\n    }\n  }\n": types.UpdateAchievementDocument,
    "\n  mutation CreateAchievement($input: CreateAchievementInput!) {\n    createAchievement(input: $input) {\n      id\n      points\n      hidden\n      steps\n      holderCount\n      translations {\n        language\n        name\n        description\n      }\n    }\n  }\n": types.CreateAchievementDocument,
    "\n  mutation AwardAchievements($inputs: [AwardAchievementInput!]!) {\n    awardAchievements(inputs: $inputs) {\n      index\n      result {\n        created\n        award {\n          id\n          awardedAt\n          name\n          user {\n            id\n            name\n          }\n        }\n      }\n      error {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.AwardAchievementsDocument,
    "\n  query AwardCatalogue($after: String) {\n    achievements(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          points\n          translations {\n            language\n            name\n          }\n        }\n      }\n    }\n  }\n": types.AwardCatalogueDocument,
    "\n  mutation AwardAchievement($input: AwardAchievementInput!) {\n    awardAchievement(input: $input) {\n      created\n      award {\n        id\n        awardedAt\n        language\n        name\n        points\n        user {\n          id\n          name\n          timeZone\n          points\n          achievementCount\n        }\n        achievement {\n          id\n          holderCount\n        }\n      }\n    }\n  }\n": types.AwardAchievementDocument,
    "\n  query AwardUserSearch($search: String) {\n    users(first: 20, search: $search) {\n      edges {\n        node {\n          id\n          name\n          language\n          points\n        }\n      }\n    }\n  }\n": types.AwardUserSearchDocument,
    "\n  query AwardUserById($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      language\n      points\n    }\n  }\n": types.AwardUserByIdDocument,
    "\n  query LeaderboardPage($metric: LeaderboardMetric!, $period: LeaderboardPeriod!, $at: DateTime, $around: ID, $after: String) {\n    stats {\n      leaderboard(metric: $metric, period: $period, at: $at, first: 20, around: $around, after: $after) {\n        periodStart\n        periodEnd\n        totalCount\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          endCursor\n        }\n        edges {\n          node {\n            rank\n            value\n            user {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n": types.LeaderboardPageDocument,
    "\n  query UserRanks($id: ID!) {\n    user(id: $id) {\n      id\n      pointsAll: rank(metric: POINTS, period: ALL_TIME)\n      pointsMonth: rank(metric: POINTS, period: MONTH)\n      pointsWeek: rank(metric: POINTS, period: WEEK)\n      pointsDay: rank(metric: POINTS, period: DAY)\n      countAll: rank(metric: ACHIEVEMENTS, period: ALL_TIME)\n      countMonth: rank(metric: ACHIEVEMENTS, period: MONTH)\n      countWeek: rank(metric: ACHIEVEMENTS, period: WEEK)\n      countDay: rank(metric: ACHIEVEMENTS, period: DAY)\n    }\n  }\n": types.UserRanksDocument,
    "\n  query Stats {\n    stats {\n      mostAchievements {\n        count\n        userCount\n        users(first: 100) {\n          id\n          name\n          points\n        }\n      }\n      mostPoints {\n        points\n        userCount\n        users(first: 100) {\n          id\n          name\n          achievementCount\n        }\n      }\n      maxPointsDifference {\n        difference\n        pairCount\n        pairs(first: 20) {\n          first {\n            id\n            name\n            points\n          }\n          second {\n            id\n            name\n            points\n          }\n        }\n      }\n      minPointsDifference {\n        difference\n        pairCount\n        pairs(first: 20) {\n          first {\n            id\n            name\n            points\n          }\n          second {\n            id\n            name\n            points\n          }\n        }\n      }\n    }\n  }\n": types.StatsDocument,
    "\n  query StatsStreaks($days: Int, $after: String) {\n    stats {\n      streaks(days: $days, first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            user {\n              id\n              name\n            }\n            streak {\n              days\n              start\n              end\n            }\n          }\n        }\n      }\n    }\n  }\n": types.StatsStreaksDocument,
    "\n  query StatsRankedUsers($after: String) {\n    users(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          points\n          achievementCount\n        }\n      }\n    }\n  }\n": types.StatsRankedUsersDocument,
    "\n  query UserPage($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      name\n      language\n      timeZone\n      createdAt\n      points\n      achievementCount\n      longestStreak {\n        days\n        start\n        end\n      }\n      awards(first: 100, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            awardedAt\n            language\n            name\n            description\n            points\n            achievement {\n              id\n              hidden\n            }\n          }\n        }\n      }\n    }\n  }\n": types.UserPageDocument,
    "\n  query UserProgress($id: ID!) {\n    user(id: $id) {\n      id\n      progress(first: 100) {\n        totalCount\n        edges {\n          node {\n            current\n            target\n            updatedAt\n            achievement {\n              id\n              hidden\n              points\n              translations {\n                language\n                name\n                description\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.UserProgressDocument,
    "\n  mutation RevokeAward($input: RevokeAwardInput!) {\n    revokeAward(input: $input) {\n      revoked\n      award {\n        id\n        revokedAt\n      }\n    }\n  }\n": types.RevokeAwardDocument,
    "\n  query RevokedAwards($id: ID!) {\n    user(id: $id) {\n      id\n      timeZone\n      revokedAwards(first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            name\n            language\n            points\n            awardedAt\n            revokedAt\n            revocationReason\n            revokedBy\n          }\n        }\n      }\n    }\n  }\n": types.RevokedAwardsDocument,
    "\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          language\n          timeZone\n          points\n          achievementCount\n        }\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      createdAt\n      deliveries(first: 10) {\n        eventId\n        status\n        attempts\n        lastStatusCode\n        lastError\n        lastAttemptAt\n        nextAttemptAt\n      }\n    }\n  }\n": types.WebhooksDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": types.DeleteWebhookDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeyInfo {\n    apiKey {\n      name\n      scope\n    }\n  }\n"): typeof import('./graphql').ApiKeyInfoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AwardEvents($userId: ID) {\n    awardEvents(userId: $userId) {\n      id\n      kind\n      userId\n      achievementId\n      at\n      award {\n        id\n        name\n        points\n        user {\n          id\n          name\n        }\n      }\n      progress {\n        current\n        target\n        user {\n          id\n          name\n        }\n        achievement {\n          id\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AwardEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Achievements($first: Int, $after: String) {\n    achievements(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          points\n          holderCount\n          holderPercent\n          hidden\n          steps\n          translations {\n            language\n            name\n            description\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AchievementsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAchievement($id: ID!, $input: UpdateAchievementInput!) {\n    updateAchievement(id: $id, input: $input) {\n      id\n      hidden\n      translations {\n        language\n        name\n        description\n      }\n    }\n  }\n"): typeof import('./graphql').UpdateAchievementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAchievement($input: CreateAchievementInput!) {\n    createAchievement(input: $input) {\n      id\n      points\n      hidden\n      steps\n      holderCount\n      translations {\n        language\n        name\n        description\n      }\n    }\n  }\n"): typeof import('./graphql').CreateAchievementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AwardAchievements($inputs: [AwardAchievementInput!]!) {\n    awardAchievements(inputs: $inputs) {\n      index\n      result {\n        created\n        award {\n          id\n          awardedAt\n          name\n          user {\n            id\n            name\n          }\n        }\n      }\n      error {\n        code\n        message\n        field\n      }\n    }\n  }\n"): typeof import('./graphql').AwardAchievementsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AwardCatalogue($after: String) {\n    achievements(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          points\n          translations {\n            language\n            name\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AwardCatalogueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AwardAchievement($input: AwardAchievementInput!) {\n    awardAchievement(input: $input) {\n      created\n      award {\n        id\n        awardedAt\n        language\n        name\n        points\n        user {\n          id\n          name\n          timeZone\n          points\n          achievementCount\n        }\n        achievement {\n          id\n          holderCount\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AwardAchievementDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AwardUserSearch($search: String) {\n    users(first: 20, search: $search) {\n      edges {\n        node {\n          id\n          name\n          language\n          points\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AwardUserSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AwardUserById($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      language\n      points\n    }\n  }\n"): typeof import('./graphql').AwardUserByIdDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LeaderboardPage($metric: LeaderboardMetric!, $period: LeaderboardPeriod!, $at: DateTime, $around: ID, $after: String) {\n    stats {\n      leaderboard(metric: $metric, period: $period, at: $at, first: 20, around: $around, after: $after) {\n        periodStart\n        periodEnd\n        totalCount\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          endCursor\n        }\n        edges {\n          node {\n            rank\n            value\n            user {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').LeaderboardPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserRanks($id: ID!) {\n    user(id: $id) {\n      id\n      pointsAll: rank(metric: POINTS, period: ALL_TIME)\n      pointsMonth: rank(metric: POINTS, period: MONTH)\n      pointsWeek: rank(metric: POINTS, period: WEEK)\n      pointsDay: rank(metric: POINTS, period: DAY)\n      countAll: rank(metric: ACHIEVEMENTS, period: ALL_TIME)\n      countMonth: rank(metric: ACHIEVEMENTS, period: MONTH)\n      countWeek: rank(metric: ACHIEVEMENTS, period: WEEK)\n      countDay: rank(metric: ACHIEVEMENTS, period: DAY)\n    }\n  }\n"): typeof import('./graphql').UserRanksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Stats {\n    stats {\n      mostAchievements {\n        count\n        userCount\n        users(first: 100) {\n          id\n          name\n          points\n        }\n      }\n      mostPoints {\n        points\n        userCount\n        users(first: 100) {\n          id\n          name\n          achievementCount\n        }\n      }\n      maxPointsDifference {\n        difference\n        pairCount\n        pairs(first: 20) {\n          first {\n            id\n            name\n            points\n          }\n          second {\n            id\n            name\n            points\n          }\n        }\n      }\n      minPointsDifference {\n        difference\n        pairCount\n        pairs(first: 20) {\n          first {\n            id\n            name\n            points\n          }\n          second {\n            id\n            name\n            points\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatsStreaks($days: Int, $after: String) {\n    stats {\n      streaks(days: $days, first: 20, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            user {\n              id\n              name\n            }\n            streak {\n              days\n              start\n              end\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StatsStreaksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatsRankedUsers($after: String) {\n    users(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          points\n          achievementCount\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StatsRankedUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserPage($id: ID!, $after: String) {\n    user(id: $id) {\n      id\n      name\n      language\n      timeZone\n      createdAt\n      points\n      achievementCount\n      longestStreak {\n        days\n        start\n        end\n      }\n      awards(first: 100, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n            awardedAt\n            language\n            name\n            description\n            points\n            achievement {\n              id\n              hidden\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').UserPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserProgress($id: ID!) {\n    user(id: $id) {\n      id\n      progress(first: 100) {\n        totalCount\n        edges {\n          node {\n            current\n            target\n            updatedAt\n            achievement {\n              id\n              hidden\n              points\n              translations {\n                language\n                name\n                description\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').UserProgressDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAward($input: RevokeAwardInput!) {\n    revokeAward(input: $input) {\n      revoked\n      award {\n        id\n        revokedAt\n      }\n    }\n  }\n"): typeof import('./graphql').RevokeAwardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RevokedAwards($id: ID!) {\n    user(id: $id) {\n      id\n      timeZone\n      revokedAwards(first: 100) {\n        totalCount\n        edges {\n          node {\n            id\n            name\n            language\n            points\n            awardedAt\n            revokedAt\n            revocationReason\n            revokedBy\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').RevokedAwardsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int, $after: String, $search: String) {\n    users(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          name\n          language\n          timeZone\n          points\n          achievementCount\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').UsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      createdAt\n      deliveries(first: 10) {\n        eventId\n        status\n        attempts\n        lastStatusCode\n        lastError\n        lastAttemptAt\n        nextAttemptAt\n      }\n    }\n  }\n"): typeof import('./graphql').WebhooksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n      }\n    }\n  }\n"): typeof import('./graphql').CreateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"): typeof import('./graphql').DeleteWebhookDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
