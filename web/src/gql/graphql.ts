/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What a key may do */
export type ApiKeyScope =
  /** Every mutation */
  | 'ADMIN'
  /** createUser, updateUser and awarding achievements: what a game server needs */
  | 'AWARD';

/** An achievement to award to a user. */
export type AwardAchievementInput = {
  /** The achievement earned. */
  achievementId: string | number;
  /** When it was earned; default now. Past instants are allowed (imports); more than a minute ahead is not. */
  awardedAt?: string | null | undefined;
  /** The user who earned it. */
  userId: string | number;
};

/** What an event reports. */
export type AwardEventKind =
  /** An award was made (awardAchievement, a batch, or progress reaching its target). */
  | 'AWARDED'
  /** A progress report raised a user's progress. */
  | 'PROGRESSED'
  /** An award was revoked. */
  | 'REVOKED';

/** A new achievement. */
export type CreateAchievementInput = {
  /** Secret until earned: without an admin key its texts read as a placeholder. Default false. */
  hidden?: boolean | null | undefined;
  /** An integer from 1 to 100000. */
  points: number;
  /** 2-10000 for an incremental achievement (earned by reportProgress); null or absent for one awarded at once. */
  steps?: number | null | undefined;
  /** One or two, at most one per language. */
  translations: Array<TranslationInput>;
};

/** A new webhook. */
export type CreateWebhookInput = {
  /** The kinds of event to receive; at least one. */
  events: Array<AwardEventKind>;
  /** An http:// or https:// URL; loopback and private addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true. */
  url: string;
};

/** The languages the service speaks */
export type Language =
  /** English */
  | 'EN'
  /** Russian */
  | 'RU';

/** What a leaderboard ranks by. */
export type LeaderboardMetric =
  /** The number of awards the user holds from the period. */
  | 'ACHIEVEMENTS'
  /** The points of the awards the user holds from the period. */
  | 'POINTS';

/** The period a leaderboard counts awards of, by their awardedAt (UTC). */
export type LeaderboardPeriod =
  /** Every award. */
  | 'ALL_TIME'
  /** A UTC day, from 00:00. */
  | 'DAY'
  /** A calendar month, from the 1st 00:00 UTC. */
  | 'MONTH'
  /** An ISO week, from Monday 00:00 UTC. */
  | 'WEEK';

/** An award to take back, and why. */
export type RevokeAwardInput = {
  /** The achievement to take back. */
  achievementId: string | number;
  /** Why (1-500 characters after trimming); kept with the award. */
  reason: string;
  /** The user who holds it. */
  userId: string | number;
};

/** An achievement's name and description in one language. */
export type TranslationInput = {
  /** 1–500 characters after trimming. */
  description: string;
  /** The language of name and description. */
  language: Language;
  /** 1–100 characters after trimming; unique per language ignoring case. */
  name: string;
};

/** Changes to an achievement: a field left out or null stays as it is. Points and steps never change. */
export type UpdateAchievementInput = {
  /** Secret until earned (true) or shown to everyone (false). */
  hidden?: boolean | null | undefined;
  /** Adds or replaces the translation of each language given; languages not given are kept. At most one per language. */
  translations?: Array<TranslationInput> | null | undefined;
};

/** Where the delivery of one event to one webhook stands. */
export type WebhookDeliveryStatus =
  /** The receiver answered 2xx. */
  | 'DELIVERED'
  /** Given up: still failing 24 hours after the event was committed. */
  | 'FAILED'
  /** Attempted and failed; retried at nextAttemptAt (later events wait). */
  | 'PENDING';

export type ApiKeyInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeyInfoQuery = { apiKey: { name: string, scope: ApiKeyScope } | null };

export type AwardEventsSubscriptionVariables = Exact<{
  userId?: string | number | null | undefined;
}>;


export type AwardEventsSubscription = { awardEvents: { id: string, kind: AwardEventKind, userId: string, achievementId: string, at: string, award: { id: string, name: string, points: number, user: { id: string, name: string } } | null, progress: { current: number, target: number, user: { id: string, name: string }, achievement: { id: string, name: string } } | null } };

export type AchievementsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AchievementsQuery = { achievements: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, points: number, holderCount: number, holderPercent: number, hidden: boolean, steps: number | null, translations: Array<{ language: Language, name: string, description: string }> } }> } };

export type UpdateAchievementMutationVariables = Exact<{
  id: string | number;
  input: UpdateAchievementInput;
}>;


export type UpdateAchievementMutation = { updateAchievement: { id: string, hidden: boolean, translations: Array<{ language: Language, name: string, description: string }> } };

export type CreateAchievementMutationVariables = Exact<{
  input: CreateAchievementInput;
}>;


export type CreateAchievementMutation = { createAchievement: { id: string, points: number, hidden: boolean, steps: number | null, holderCount: number, translations: Array<{ language: Language, name: string, description: string }> } };

export type AwardAchievementsMutationVariables = Exact<{
  inputs: Array<AwardAchievementInput> | AwardAchievementInput;
}>;


export type AwardAchievementsMutation = { awardAchievements: Array<{ index: number, result: { created: boolean, award: { id: string, awardedAt: string, name: string, user: { id: string, name: string } } } | null, error: { code: string, message: string, field: string | null } | null }> };

export type AwardCatalogueQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type AwardCatalogueQuery = { achievements: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, points: number, translations: Array<{ language: Language, name: string }> } }> } };

export type AwardAchievementMutationVariables = Exact<{
  input: AwardAchievementInput;
}>;


export type AwardAchievementMutation = { awardAchievement: { created: boolean, award: { id: string, awardedAt: string, language: Language, name: string, points: number, user: { id: string, name: string, timeZone: string, points: number, achievementCount: number }, achievement: { id: string, holderCount: number } } } };

export type AwardUserSearchQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type AwardUserSearchQuery = { users: { edges: Array<{ node: { id: string, name: string, language: Language, points: number } }> } };

export type AwardUserByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type AwardUserByIdQuery = { user: { id: string, name: string, language: Language, points: number } | null };

export type LeaderboardPageQueryVariables = Exact<{
  metric: LeaderboardMetric;
  period: LeaderboardPeriod;
  at?: string | null | undefined;
  around?: string | number | null | undefined;
  after?: string | null | undefined;
}>;


export type LeaderboardPageQuery = { stats: { leaderboard: { periodStart: string | null, periodEnd: string | null, totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, edges: Array<{ node: { rank: number, value: number, user: { id: string, name: string } } }> } } };

export type UserRanksQueryVariables = Exact<{
  id: string | number;
}>;


export type UserRanksQuery = { user: { id: string, pointsAll: number | null, pointsMonth: number | null, pointsWeek: number | null, pointsDay: number | null, countAll: number | null, countMonth: number | null, countWeek: number | null, countDay: number | null } | null };

export type StatsQueryVariables = Exact<{ [key: string]: never; }>;


export type StatsQuery = { stats: { mostAchievements: { count: number, userCount: number, users: Array<{ id: string, name: string, points: number }> } | null, mostPoints: { points: number, userCount: number, users: Array<{ id: string, name: string, achievementCount: number }> } | null, maxPointsDifference: { difference: number, pairCount: number, pairs: Array<{ first: { id: string, name: string, points: number }, second: { id: string, name: string, points: number } }> } | null, minPointsDifference: { difference: number, pairCount: number, pairs: Array<{ first: { id: string, name: string, points: number }, second: { id: string, name: string, points: number } }> } | null } };

export type StatsStreaksQueryVariables = Exact<{
  days?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type StatsStreaksQuery = { stats: { streaks: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { user: { id: string, name: string }, streak: { days: number, start: string, end: string } } }> } } };

export type StatsRankedUsersQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type StatsRankedUsersQuery = { users: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, points: number, achievementCount: number } }> } };

export type UserPageQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type UserPageQuery = { user: { id: string, name: string, language: Language, timeZone: string, createdAt: string, points: number, achievementCount: number, longestStreak: { days: number, start: string, end: string } | null, awards: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, awardedAt: string, language: Language, name: string, description: string, points: number, achievement: { id: string, hidden: boolean } } }> } } | null };

export type UserProgressQueryVariables = Exact<{
  id: string | number;
}>;


export type UserProgressQuery = { user: { id: string, progress: { totalCount: number, edges: Array<{ node: { current: number, target: number, updatedAt: string, achievement: { id: string, hidden: boolean, points: number, translations: Array<{ language: Language, name: string, description: string }> } } }> } } | null };

export type RevokeAwardMutationVariables = Exact<{
  input: RevokeAwardInput;
}>;


export type RevokeAwardMutation = { revokeAward: { revoked: boolean, award: { id: string, revokedAt: string | null } | null } };

export type RevokedAwardsQueryVariables = Exact<{
  id: string | number;
}>;


export type RevokedAwardsQuery = { user: { id: string, timeZone: string, revokedAwards: { totalCount: number, edges: Array<{ node: { id: string, name: string, language: Language, points: number, awardedAt: string, revokedAt: string | null, revocationReason: string | null, revokedBy: string | null } }> } } | null };

export type UsersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type UsersQuery = { users: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, language: Language, timeZone: string, points: number, achievementCount: number } }> } };

export type WebhooksQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhooksQuery = { webhooks: Array<{ id: string, url: string, events: Array<AwardEventKind>, createdAt: string, deliveries: Array<{ eventId: string, status: WebhookDeliveryStatus, attempts: number, lastStatusCode: number | null, lastError: string | null, lastAttemptAt: string | null, nextAttemptAt: string | null }> }> };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type CreateWebhookMutation = { createWebhook: { secret: string, webhook: { id: string } } };

export type DeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookMutation = { deleteWebhook: boolean };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ApiKeyInfoDocument = new TypedDocumentString(`
    query ApiKeyInfo {
  apiKey {
    name
    scope
  }
}
    `) as unknown as TypedDocumentString<ApiKeyInfoQuery, ApiKeyInfoQueryVariables>;
export const AwardEventsDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AwardEventsSubscription, AwardEventsSubscriptionVariables>;
export const AchievementsDocument = new TypedDocumentString(`
    query Achievements($first: Int, $after: String) {
  achievements(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        points
        holderCount
        holderPercent
        hidden
        steps
        translations {
          language
          name
          description
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AchievementsQuery, AchievementsQueryVariables>;
export const UpdateAchievementDocument = new TypedDocumentString(`
    mutation UpdateAchievement($id: ID!, $input: UpdateAchievementInput!) {
  updateAchievement(id: $id, input: $input) {
    id
    hidden
    translations {
      language
      name
      description
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateAchievementMutation, UpdateAchievementMutationVariables>;
export const CreateAchievementDocument = new TypedDocumentString(`
    mutation CreateAchievement($input: CreateAchievementInput!) {
  createAchievement(input: $input) {
    id
    points
    hidden
    steps
    holderCount
    translations {
      language
      name
      description
    }
  }
}
    `) as unknown as TypedDocumentString<CreateAchievementMutation, CreateAchievementMutationVariables>;
export const AwardAchievementsDocument = new TypedDocumentString(`
    mutation AwardAchievements($inputs: [AwardAchievementInput!]!) {
  awardAchievements(inputs: $inputs) {
    index
    result {
      created
      award {
        id
        awardedAt
        name
        user {
          id
          name
        }
      }
    }
    error {
      code
      message
      field
    }
  }
}
    `) as unknown as TypedDocumentString<AwardAchievementsMutation, AwardAchievementsMutationVariables>;
export const AwardCatalogueDocument = new TypedDocumentString(`
    query AwardCatalogue($after: String) {
  achievements(first: 100, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        points
        translations {
          language
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AwardCatalogueQuery, AwardCatalogueQueryVariables>;
export const AwardAchievementDocument = new TypedDocumentString(`
    mutation AwardAchievement($input: AwardAchievementInput!) {
  awardAchievement(input: $input) {
    created
    award {
      id
      awardedAt
      language
      name
      points
      user {
        id
        name
        timeZone
        points
        achievementCount
      }
      achievement {
        id
        holderCount
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AwardAchievementMutation, AwardAchievementMutationVariables>;
export const AwardUserSearchDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<AwardUserSearchQuery, AwardUserSearchQueryVariables>;
export const AwardUserByIdDocument = new TypedDocumentString(`
    query AwardUserById($id: ID!) {
  user(id: $id) {
    id
    name
    language
    points
  }
}
    `) as unknown as TypedDocumentString<AwardUserByIdQuery, AwardUserByIdQueryVariables>;
export const LeaderboardPageDocument = new TypedDocumentString(`
    query LeaderboardPage($metric: LeaderboardMetric!, $period: LeaderboardPeriod!, $at: DateTime, $around: ID, $after: String) {
  stats {
    leaderboard(
      metric: $metric
      period: $period
      at: $at
      first: 20
      around: $around
      after: $after
    ) {
      periodStart
      periodEnd
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
      edges {
        node {
          rank
          value
          user {
            id
            name
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<LeaderboardPageQuery, LeaderboardPageQueryVariables>;
export const UserRanksDocument = new TypedDocumentString(`
    query UserRanks($id: ID!) {
  user(id: $id) {
    id
    pointsAll: rank(metric: POINTS, period: ALL_TIME)
    pointsMonth: rank(metric: POINTS, period: MONTH)
    pointsWeek: rank(metric: POINTS, period: WEEK)
    pointsDay: rank(metric: POINTS, period: DAY)
    countAll: rank(metric: ACHIEVEMENTS, period: ALL_TIME)
    countMonth: rank(metric: ACHIEVEMENTS, period: MONTH)
    countWeek: rank(metric: ACHIEVEMENTS, period: WEEK)
    countDay: rank(metric: ACHIEVEMENTS, period: DAY)
  }
}
    `) as unknown as TypedDocumentString<UserRanksQuery, UserRanksQueryVariables>;
export const StatsDocument = new TypedDocumentString(`
    query Stats {
  stats {
    mostAchievements {
      count
      userCount
      users(first: 100) {
        id
        name
        points
      }
    }
    mostPoints {
      points
      userCount
      users(first: 100) {
        id
        name
        achievementCount
      }
    }
    maxPointsDifference {
      difference
      pairCount
      pairs(first: 20) {
        first {
          id
          name
          points
        }
        second {
          id
          name
          points
        }
      }
    }
    minPointsDifference {
      difference
      pairCount
      pairs(first: 20) {
        first {
          id
          name
          points
        }
        second {
          id
          name
          points
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StatsQuery, StatsQueryVariables>;
export const StatsStreaksDocument = new TypedDocumentString(`
    query StatsStreaks($days: Int, $after: String) {
  stats {
    streaks(days: $days, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          user {
            id
            name
          }
          streak {
            days
            start
            end
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StatsStreaksQuery, StatsStreaksQueryVariables>;
export const StatsRankedUsersDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<StatsRankedUsersQuery, StatsRankedUsersQueryVariables>;
export const UserPageDocument = new TypedDocumentString(`
    query UserPage($id: ID!, $after: String) {
  user(id: $id) {
    id
    name
    language
    timeZone
    createdAt
    points
    achievementCount
    longestStreak {
      days
      start
      end
    }
    awards(first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          awardedAt
          language
          name
          description
          points
          achievement {
            id
            hidden
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UserPageQuery, UserPageQueryVariables>;
export const UserProgressDocument = new TypedDocumentString(`
    query UserProgress($id: ID!) {
  user(id: $id) {
    id
    progress(first: 100) {
      totalCount
      edges {
        node {
          current
          target
          updatedAt
          achievement {
            id
            hidden
            points
            translations {
              language
              name
              description
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UserProgressQuery, UserProgressQueryVariables>;
export const RevokeAwardDocument = new TypedDocumentString(`
    mutation RevokeAward($input: RevokeAwardInput!) {
  revokeAward(input: $input) {
    revoked
    award {
      id
      revokedAt
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeAwardMutation, RevokeAwardMutationVariables>;
export const RevokedAwardsDocument = new TypedDocumentString(`
    query RevokedAwards($id: ID!) {
  user(id: $id) {
    id
    timeZone
    revokedAwards(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          language
          points
          awardedAt
          revokedAt
          revocationReason
          revokedBy
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RevokedAwardsQuery, RevokedAwardsQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($first: Int, $after: String, $search: String) {
  users(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
        language
        timeZone
        points
        achievementCount
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const WebhooksDocument = new TypedDocumentString(`
    query Webhooks {
  webhooks {
    id
    url
    events
    createdAt
    deliveries(first: 10) {
      eventId
      status
      attempts
      lastStatusCode
      lastError
      lastAttemptAt
      nextAttemptAt
    }
  }
}
    `) as unknown as TypedDocumentString<WebhooksQuery, WebhooksQueryVariables>;
export const CreateWebhookDocument = new TypedDocumentString(`
    mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    secret
    webhook {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CreateWebhookMutation, CreateWebhookMutationVariables>;
export const DeleteWebhookDocument = new TypedDocumentString(`
    mutation DeleteWebhook($id: ID!) {
  deleteWebhook(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookMutation, DeleteWebhookMutationVariables>;