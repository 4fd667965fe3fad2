import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { AchievementEntity } from "../achievement/achievement.entity";
import { UserEntity } from "../user/user.entity";

/** Steps a user has made towards an incremental achievement (see the lifecycle migration). */
@Entity({ name: "achievement_progress" })
@Check("ck_achievement_progress_current", `"current" BETWEEN 0 AND 10000`)
@Index("ix_achievement_progress_user_updated_at", { synchronize: false })
@Index("ix_achievement_progress_achievement", ["achievementId"])
export class AchievementProgressEntity {
  @PrimaryColumn({ name: "user_id", type: "bigint", primaryKeyConstraintName: "pk_achievement_progress" })
  userId!: string;

  @PrimaryColumn({ name: "achievement_id", type: "bigint", primaryKeyConstraintName: "pk_achievement_progress" })
  achievementId!: string;

  @Column({ type: "integer" })
  current!: number;

  @Column({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;

  @ManyToOne(() => UserEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "fk_achievement_progress_user" })
  user?: UserEntity;

  @ManyToOne(() => AchievementEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "achievement_id", foreignKeyConstraintName: "fk_achievement_progress_achievement" })
  achievement?: AchievementEntity;
}

/** A progress report's idempotency key, per user, kept at least 7 days. */
@Entity({ name: "progress_requests" })
@Check("ck_progress_requests_request_id", `char_length("request_id") BETWEEN 1 AND 64`)
@Index("ix_progress_requests_created_at", ["createdAt"])
export class ProgressRequestEntity {
  @PrimaryColumn({ name: "user_id", type: "bigint", primaryKeyConstraintName: "pk_progress_requests" })
  userId!: string;

  @PrimaryColumn({ name: "request_id", type: "text", primaryKeyConstraintName: "pk_progress_requests" })
  requestId!: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", default: () => "now()" })
  createdAt!: Date;

  @ManyToOne(() => UserEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "fk_progress_requests_user" })
  user?: UserEntity;
}
