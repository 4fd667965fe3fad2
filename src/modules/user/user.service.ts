import type { Queryable } from "../../db/queryable";
import { parseId } from "../../common/ids";
import { escapeLike, foldCase, hasControlChars, hasLoneSurrogates } from "../../common/text";
import { BadUserInputError, ConflictError, NotFoundError } from "../../common/errors";
import { dbErrorInfo } from "../../db/errors";
import { paginate } from "../../common/pagination";
import type { Connection } from "../../common/pagination";
import { canonicalTimeZone } from "../../common/time";
import type { CreateUserInput, UpdateUserInput, UsersArgs } from "./user.inputs";
import { userRepository } from "./user.repository";
import type { UserRow } from "./user.repository";

const USER_CURSOR = "users";

export class UserService {
  private readonly knownZones = new Set<string>(["UTC"]);

  async byId(rawId: string, read: Queryable): Promise<UserRow | undefined> {
    const id = parseId(rawId, "id");
    return (await userRepository.findByIds(read, [id]))[0];
  }

  async byName(name: string, read: Queryable): Promise<UserRow | undefined> {
    const trimmed = name.trim();
    if (!trimmed || !couldBeInAName(trimmed)) return undefined;
    return userRepository.findByNameKey(read, foldCase(trimmed));
  }

  list(args: UsersArgs, read: Queryable): Promise<Connection<UserRow>> {
    const search = args.search ?? "";
    const pattern = search === "" ? null : `%${escapeLike(foldCase(search))}%`;
    // No name holds a control character or a lone surrogate (and PostgreSQL text cannot even carry a NUL): nobody matches.
    const anyMatch = couldBeInAName(search);
    return paginate(args, {
      kind: USER_CURSOR,
      shape: ["id"],
      position: (u) => [u.id],
      fetch: async (after, limit) => (anyMatch ? userRepository.page(read, (after?.[0] as string) ?? null, limit, pattern) : []),
      count: async () => (anyMatch ? userRepository.count(read, pattern) : 0),
    });
  }

  /** `write`: the primary, or the transaction of a request with several mutations. */
  async create(input: CreateUserInput, write: Queryable): Promise<UserRow> {
    const name = input.name.trim();
    const timeZone = await this.timeZone(input.timeZone ?? "UTC", write);
    try {
      return await userRepository.insert(write, { name, nameKey: foldCase(name), language: input.language, timeZone });
    } catch (e) {
      throw this.mapWriteError(e);
    }
  }

  async update(rawId: string, input: UpdateUserInput, write: Queryable): Promise<UserRow> {
    const id = parseId(rawId, "id");
    const name = input.name?.trim();
    const timeZone = input.timeZone === undefined || input.timeZone === null ? undefined : await this.timeZone(input.timeZone, write);
    try {
      const row = await userRepository.update(write, id, {
        name,
        nameKey: name === undefined ? undefined : foldCase(name),
        language: input.language ?? undefined,
        timeZone,
      });
      if (!row) throw new NotFoundError("User", id, "id");
      return row;
    } catch (e) {
      throw this.mapWriteError(e);
    }
  }

  /** The canonical zone name, checked against Intl and against the database's tz data. */
  private async timeZone(raw: string, db: Queryable): Promise<string> {
    const zone = canonicalTimeZone(raw);
    if (!zone) throw new BadUserInputError("timeZone", "timeZone must be an IANA time zone name such as Europe/Moscow or UTC");
    if (!this.knownZones.has(zone)) {
      if (!(await userRepository.databaseKnowsTimeZone(db, zone)))
        throw new BadUserInputError("timeZone", `timeZone ${zone} is not known to the database`);
      this.knownZones.add(zone);
    }
    return zone;
  }

  private mapWriteError(e: unknown): unknown {
    const { code, constraint } = dbErrorInfo(e);
    if (code === "23505" && constraint === "uq_users_name_key") {
      return new ConflictError("name", "This name is taken (names are unique ignoring case)");
    }
    return e;
  }
}

/** Names hold neither control characters nor lone surrogates (validation refuses them). */
function couldBeInAName(s: string): boolean {
  return !hasControlChars(s) && !hasLoneSurrogates(s);
}
