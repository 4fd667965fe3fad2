import { AchievementTranslationEntity } from "../modules/achievement/achievement-translation.entity";
import { AchievementEntity } from "../modules/achievement/achievement.entity";
import { AwardEntity } from "../modules/award/award.entity";
import { RevokedAwardEntity } from "../modules/award/revoked-award.entity";
import { AchievementProgressEntity, ProgressRequestEntity } from "../modules/progress/progress.entity";
import { UserEntity } from "../modules/user/user.entity";

export const entities = [
  UserEntity,
  AchievementEntity,
  AchievementTranslationEntity,
  AwardEntity,
  RevokedAwardEntity,
  AchievementProgressEntity,
  ProgressRequestEntity,
];
