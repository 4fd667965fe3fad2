import type { DocumentNode } from "graphql";

/**
 * Apollo Server's store of parsed and validated documents (its `documentStore` option), bounded
 * by the memory the documents hold.
 *
 * Apollo's default keeps 30 MiB of documents measured as their JSON, which is about a quarter of
 * the heap a parsed document holds (its AST and the linked list of every token its locations
 * point to): a document of 20 `createUser` fields with every field of User, 3,452 characters, is
 * 54 KB of JSON and 204 KB of heap. A client sending such documents with a different literal
 * each time (docs/benchmarks.md, "Isolation under attack") filled it to about 120 MB that stayed
 * for the life of the process. Here a document counts HEAP_BYTES_PER_CHARACTER bytes per
 * character of its text (measured as above, rounded up), the total is kept under
 * DocumentCache.MAX_BYTES, least recently used first out, and nothing is serialised to measure.
 */
export const HEAP_BYTES_PER_CHARACTER = 64;

export class DocumentCache {
  /** 16 MiB of heap: about 8,000 documents of 2,000 characters (the console's are smaller). */
  static readonly MAX_BYTES = 16 * 1024 * 1024;
  private readonly entries = new Map<string, { document: DocumentNode; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes = DocumentCache.MAX_BYTES) {}

  /** The heap a parsed document is reckoned to hold. */
  static bytesOf(document: DocumentNode): number {
    const length = document.loc?.source.body.length ?? document.loc?.end ?? 1_000;
    return Math.max(1, length) * HEAP_BYTES_PER_CHARACTER;
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.document;
  }

  async set(key: string, document: DocumentNode): Promise<void> {
    this.remove(key);
    const bytes = DocumentCache.bytesOf(document);
    // A document larger than the whole cache is not kept: it would push out every other.
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { document, bytes });
    this.total += bytes;
    for (const [oldest] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  async delete(key: string): Promise<boolean | void> {
    return this.remove(key);
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    return true;
  }

  /** Documents kept (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** The heap they are reckoned to hold (for tests and metrics). */
  get bytes(): number {
    return this.total;
  }
}
