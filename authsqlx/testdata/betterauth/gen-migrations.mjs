// Prints the SQL Better Auth 1.6.9's migrator (getMigrations) generates for an empty
// database, per dialect, without a database: Kysely with a DummyDriver (every query
// returns no rows, so introspection finds no tables).
import { Kysely, DummyDriver, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler,
  MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from "kysely";
import { getMigrations } from "better-auth/db/migration";

const dialects = {
  postgres: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
  mysql: { createAdapter: () => new MysqlAdapter(), createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new MysqlIntrospector(db), createQueryCompiler: () => new MysqlQueryCompiler() },
  sqlite: { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() },
};

const variant = process.argv[3] || "core";
function extra() {
  if (variant === "core") return {};
  // The dbtest schema: core + the suite's item table, plus rateLimit in the database.
  return {
    rateLimit: { storage: "database" },
    plugins: [{ id: "dbtest", schema: { testItem: { modelName: "dbtest_item", fields: {
      label: { type: "string", required: true, sortable: true, fieldName: "item_label" },
      code: { type: "string", unique: true, required: false },
      count: { type: "number", required: false },
      big: { type: "number", bigint: true, required: false },
      flag: { type: "boolean", required: false },
      at: { type: "date", required: false },
      note: { type: "string", required: false },
      meta: { type: "json", required: false },
      slug: { type: "string", unique: true, index: true, required: false },
      tags: { type: "string[]", required: false },
      ownerId: { type: "string", required: false, references: { model: "user", field: "id", onDelete: "set null" } },
    } } } }],
  };
}
const type = process.argv[2];
const { compileMigrations } = await getMigrations({
  database: { dialect: dialects[type], type },
  secret: "x".repeat(32),
  logger: { disabled: true },
  ...extra(),
});
process.stdout.write(await compileMigrations() + "\n");
