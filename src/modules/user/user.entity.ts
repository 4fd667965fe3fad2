import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

export type LanguageCode = "EN" | "RU";

@Entity({ name: "users" })
@Check("ck_users_language", `"language" IN ('EN', 'RU')`)
@Check("ck_users_name_length", `char_length("name") BETWEEN 1 AND 64`)
export class UserEntity {
  @PrimaryGeneratedColumn("identity", { type: "bigint", generatedIdentity: "BY DEFAULT", primaryKeyConstraintName: "pk_users" })
  id!: string;

  @Column({ type: "text" })
  name!: string;

  /** Case-folded name (see text.ts foldCase): unique, and what search and userByName match. */
  @Index("uq_users_name_key", { unique: true })
  @Column({ name: "name_key", type: "text" })
  nameKey!: string;

  @Column({ type: "text" })
  language!: LanguageCode;

  @Column({ name: "time_zone", type: "text", default: "UTC" })
  timeZone!: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", default: () => "now()" })
  createdAt!: Date;
}
