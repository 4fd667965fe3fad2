import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import type { LanguageCode } from "../user/user.entity";
import { AchievementEntity } from "./achievement.entity";

@Entity({ name: "achievement_translations" })
@Check("ck_achievement_translations_language", `"language" IN ('EN', 'RU')`)
@Index("uq_achievement_translations_language_name_key", ["language", "nameKey"], { unique: true })
export class AchievementTranslationEntity {
  @PrimaryColumn({ name: "achievement_id", type: "bigint", primaryKeyConstraintName: "pk_achievement_translations" })
  achievementId!: string;

  @PrimaryColumn({ type: "text", primaryKeyConstraintName: "pk_achievement_translations" })
  language!: LanguageCode;

  @Column({ type: "text" })
  name!: string;

  @Column({ name: "name_key", type: "text" })
  nameKey!: string;

  @Column({ type: "text" })
  description!: string;

  @ManyToOne(() => AchievementEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "achievement_id", foreignKeyConstraintName: "fk_achievement_translations_achievement" })
  achievement?: AchievementEntity;
}
