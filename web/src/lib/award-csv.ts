// Pasted CSV of awards for awardAchievements (the batch panel of the award page).

/** Most rows of one batch (the server's limit). */
export const BATCH_MAX = 1000;

export interface CsvRow {
  /** 1-based line of the pasted text. */
  line: number;
  userId: string;
  achievementId: string;
  awardedAt?: string;
}

/**
 * `userId,achievementId[,awardedAt]` per line; blank lines and a first line naming the columns
 * are skipped. Lines with another number of fields come back in `bad`, with their line number.
 */
export function parseAwardCsv(text: string): { rows: CsvRow[]; bad: number[] } {
  const rows: CsvRow[] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const fields = line.split(",").map((f) => f.trim());
    if (rows.length === 0 && bad.length === 0 && /^user/i.test(fields[0] ?? "")) return;
    if (fields.length < 2 || fields.length > 3 || !fields[0] || !fields[1]) {
      bad.push(i + 1);
      return;
    }
    rows.push({ line: i + 1, userId: fields[0], achievementId: fields[1], ...(fields[2] ? { awardedAt: fields[2] } : {}) });
  });
  return { rows, bad };
}
