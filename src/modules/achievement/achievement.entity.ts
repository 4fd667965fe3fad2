import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "achievements" })
@Check("ck_achievements_points", `"points" BETWEEN 1 AND 100000`)
@Check("ck_achievements_steps", `"steps" IS NULL OR "steps" BETWEEN 2 AND 10000`)
export class AchievementEntity {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "BY DEFAULT", primaryKeyConstraintName: "pk_achievements" })
  id!: string;

  @Column({ type: "integer" })
  points!: number;

  /** Users holding it; kept by the awards trigger in the same transaction as the award. */
  @Column({ name: "holder_count", type: "integer", default: 0 })
  holderCount!: number;

  /** Secret until earned: its texts read as a placeholder without an admin key. */
  @Column({ type: "boolean", default: false })
  hidden!: boolean;

  /** Steps that complete an incremental achievement; null for one awarded at once. */
  @Column({ type: "integer", nullable: true })
  steps!: number | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", default: () => "now()" })
  createdAt!: Date;
}
