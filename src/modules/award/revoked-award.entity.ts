import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { AchievementEntity } from "../achievement/achievement.entity";
import { UserEntity } from "../user/user.entity";

/** An award taken back: same id and awarded_at as when it was held (see the lifecycle migration). */
@Entity({ name: "revoked_awards" })
@Check("ck_revoked_awards_reason", `char_length("revocation_reason") BETWEEN 1 AND 500`)
@Index("ix_revoked_awards_user_revoked_at", { synchronize: false })
@Index("ix_revoked_awards_achievement", ["achievementId"])
export class RevokedAwardEntity {
  @PrimaryColumn({ type: "bigint", primaryKeyConstraintName: "pk_revoked_awards" })
  id!: string;

  @Column({ name: "user_id", type: "bigint" })
  userId!: string;

  @Column({ name: "achievement_id", type: "bigint" })
  achievementId!: string;

  @Column({ name: "awarded_at", type: "timestamptz" })
  awardedAt!: Date;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;

  @Column({ name: "revoked_at", type: "timestamptz" })
  revokedAt!: Date;

  @Column({ name: "revocation_reason", type: "text" })
  revocationReason!: string;

  /** Name of the key that revoked it. */
  @Column({ name: "revoked_by", type: "text" })
  revokedBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "fk_revoked_awards_user" })
  user?: UserEntity;

  @ManyToOne(() => AchievementEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "achievement_id", foreignKeyConstraintName: "fk_revoked_awards_achievement" })
  achievement?: AchievementEntity;
}
