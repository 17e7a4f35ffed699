import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import initSqlJs from "sql.js";
import type { z } from "zod";
import { createSchema, SCHEMA_VERSION } from "./schema.ts";
import { seedSandboxMerchant } from "./seed.ts";

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;
type SqliteDatabase = InstanceType<SqlJs["Database"]>;
type SqlParameter = number | string | null;

// Loading the WASM module costs tens of milliseconds; every sandbox in the process shares it.
let sqlJs: Promise<SqlJs> | null = null;
function loadSqlJs(): Promise<SqlJs> {
  sqlJs ??= initSqlJs();
  return sqlJs;
}

export interface MerchantDatabaseOptions {
  /** Keep the data in this SQLite file across restarts; without it every start is freshly seeded. */
  dataFile?: string;
}

/** A constraint SQLite refused a write for; callers branch on it instead of checking first. */
export type ConstraintViolation = { kind: "unique"; columns: string[] } | { kind: "foreign_key" };

/**
 * The sandbox merchant's SQLite database (sql.js, in memory), written back to its data file
 * after every change. Rows are parsed with zod, so a query and its row type cannot drift apart.
 */
export class MerchantDatabase {
  #sql: SqlJs;
  #db: SqliteDatabase;
  #dataFile: string | undefined;
  #transactionDepth = 0;

  private constructor(sql: SqlJs, db: SqliteDatabase, dataFile: string | undefined) {
    this.#sql = sql;
    this.#db = db;
    this.#dataFile = dataFile;
  }

  static async open({ dataFile }: MerchantDatabaseOptions = {}): Promise<MerchantDatabase> {
    const sql = await loadSqlJs();
    const existing = dataFile !== undefined && existsSync(dataFile) ? openDataFile(sql, dataFile) : null;
    if (existing) return new MerchantDatabase(sql, existing, dataFile);

    if (dataFile !== undefined) mkdirSync(dirname(dataFile), { recursive: true });
    const database = new MerchantDatabase(sql, new sql.Database(), dataFile);
    database.#createAndSeed();
    return database;
  }

  /** All rows of a query, each checked against `row`. */
  rows<T>(sql: string, params: SqlParameter[], row: z.ZodType<T>): T[] {
    const statement = this.#db.prepare(sql);
    try {
      statement.bind(params);
      const rows: T[] = [];
      while (statement.step()) rows.push(row.parse(statement.getAsObject()));
      return rows;
    } finally {
      statement.free();
    }
  }

  /** The first row of a query, or null. */
  row<T>(sql: string, params: SqlParameter[], row: z.ZodType<T>): T | null {
    return this.rows(sql, params, row)[0] ?? null;
  }

  /** Runs one write and returns how many rows it changed; the data file follows each change. */
  run(sql: string, params: SqlParameter[] = []): number {
    this.#db.run(sql, params);
    const changes = this.#db.getRowsModified();
    if (changes > 0 && this.#transactionDepth === 0) this.#persist();
    return changes;
  }

  /** Runs several writes atomically and writes the data file once at the end. */
  transaction<T>(work: () => T): T {
    if (this.#transactionDepth > 0) return work();
    this.#db.exec("BEGIN");
    this.#transactionDepth = 1;
    try {
      const result = work();
      this.#db.exec("COMMIT");
      this.#transactionDepth = 0;
      this.#persist();
      return result;
    } catch (error) {
      rollBackUnlessSqliteDid(this.#db);
      throw error;
    } finally {
      this.#transactionDepth = 0;
    }
  }

  /** Throws the whole database away and seeds a new one (POST /__dev/reset). */
  reset(): void {
    this.#db.close();
    this.#db = new this.#sql.Database();
    this.#createAndSeed();
  }

  close(): void {
    this.#db.close();
  }

  #createAndSeed(): void {
    enableForeignKeys(this.#db);
    this.#db.exec(createSchema);
    this.transaction(() => seedSandboxMerchant(this));
  }

  #persist(): void {
    if (this.#dataFile === undefined) return;
    // Write a sibling file and rename it over the old one, so a crash mid-write never leaves
    // a truncated database behind.
    const temporaryFile = `${this.#dataFile}.${process.pid}.tmp`;
    writeFileSync(temporaryFile, this.#db.export());
    renameSync(temporaryFile, this.#dataFile);
  }
}

/** Recognises SQLite's constraint errors, which sql.js only reports as messages. */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  if (!(error instanceof Error)) return null;
  if (error.message.startsWith("FOREIGN KEY constraint failed")) return { kind: "foreign_key" };
  const unique = /^UNIQUE constraint failed: (.+)$/.exec(error.message);
  if (unique?.[1] === undefined) return null;
  return { kind: "unique", columns: unique[1].split(",").map((column) => column.trim()) };
}

/**
 * Opens a saved data file. A file from an older schema, or one that is not a database at all,
 * is set aside and replaced with fresh seed data: it only ever holds throwaway dev data.
 */
function openDataFile(sql: SqlJs, dataFile: string): SqliteDatabase | null {
  let db: SqliteDatabase | null = null;
  try {
    db = new sql.Database(readFileSync(dataFile));
    const version = db.exec("PRAGMA user_version")[0]?.values[0]?.[0];
    if (version === SCHEMA_VERSION) {
      enableForeignKeys(db);
      return db;
    }
    console.warn(`[sandbox merchant] ${dataFile} has schema version ${String(version)}, expected ${SCHEMA_VERSION}`);
  } catch (error) {
    console.warn(`[sandbox merchant] cannot read ${dataFile}:`, error instanceof Error ? error.message : error);
  }
  db?.close();
  const setAside = `${dataFile}.unusable-${Date.now()}`;
  renameSync(dataFile, setAside);
  console.warn(`[sandbox merchant] moved it to ${setAside} and seeded a new database`);
  return null;
}

function rollBackUnlessSqliteDid(db: SqliteDatabase): void {
  try {
    db.exec("ROLLBACK");
  } catch {
    // Some errors (out of memory, I/O) end the transaction themselves; nothing is left to undo.
  }
}

function enableForeignKeys(db: SqliteDatabase): void {
  // SQLite leaves foreign keys off per connection unless asked.
  db.exec("PRAGMA foreign_keys = ON");
}
