// kysely's SQLite dialect, waiting for another connection's write lock without blocking the event loop.
// better-sqlite3 runs statements synchronously, so its own busy timeout would freeze the whole process (every
// command, every send) while another process (a CLI run, the refit worker) writes. The connection is opened with
// no busy timeout instead, and a statement refused with SQLITE_BUSY is tried again after a short timer, until the
// store's wait is used up; then SQLite's refusal goes to the caller as before.
import {
  SqliteDialect,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';

const FIRST_PAUSE_MS = 1;
const LONGEST_PAUSE_MS = 50;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

class PatientConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly waitMs: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const deadline = Date.now() + this.waitMs;
    let pause = FIRST_PAUSE_MS;
    for (;;) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (error) {
        // A refused statement did nothing (no transaction of ours is open when one is refused: ours begin
        // IMMEDIATE, taking the lock first), so running it again is safe.
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class PatientDriver implements Driver {
  private connection: PatientConnection | null = null;

  constructor(
    private readonly inner: Driver,
    private readonly waitMs: number,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // SQLite has one connection: the inner driver hands out the same one each time, after its mutex.
    const inner = await this.inner.acquireConnection();
    this.connection ??= new PatientConnection(inner, this.waitMs);
    return this.connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

export class PatientSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly waitMs: number,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new PatientDriver(super.createDriver(), this.waitMs);
  }
}
