import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { AchievementEntity } from "../achievement/achievement.entity";
import { UserEntity } from "../user/user.entity";

@Entity({ name: "awards" })
@Index("uq_awards_user_achievement", ["userId", "achievementId"], { unique: true })
@Index("ix_awards_user_awarded_at", { synchronize: false })
@Index("ix_awards_achievement", ["achievementId"])
export class AwardEntity {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "BY DEFAULT", primaryKeyConstraintName: "pk_awards" })
  id!: string;

  @Column({ name: "user_id", type: "bigint" })
  userId!: string;

  @Column({ name: "achievement_id", type: "bigint" })
  achievementId!: string;

  @Column({ name: "awarded_at", type: "timestamptz" })
  awardedAt!: Date;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", default: () => "now()" })
  createdAt!: Date;

  @ManyToOne(() => UserEntity, { onDelete: "CASCADE" })
  @JoinColumn({ name: "user_id", foreignKeyConstraintName: "fk_awards_user" })
  user?: UserEntity;

  @ManyToOne(() => AchievementEntity, { onDelete: "RESTRICT" })
  @JoinColumn({ name: "achievement_id", foreignKeyConstraintName: "fk_awards_achievement" })
  achievement?: AchievementEntity;
}
