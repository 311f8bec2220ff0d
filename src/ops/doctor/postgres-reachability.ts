// The doctor's line when PostgreSQL cannot be reached: which of the usual reasons it was (store/postgres-health.ts
// tells them apart), with the fix for each.
import { connectFailure } from '../../store/postgres-health.js';
import { errorText, fail, type CheckResult } from './check.js';

/** The role and database the URL names, for the fixes (libpq's defaults when it leaves them out). */
function urlParts(url: string): { role: string; database: string } {
  try {
    const parsed = new URL(url);
    const role = decodeURIComponent(parsed.username) || 'ROLE';
    return { role, database: decodeURIComponent(parsed.pathname.slice(1)) || role };
  } catch {
    return { role: 'ROLE', database: 'DATABASE' };
  }
}

/** `shownUrl` is the URL without its password; `url` the one configured, for the role and database it names. */
export function unreachable(shownUrl: string, url: string, error: unknown): CheckResult {
  // A connection refused on every address of a name (localhost: ::1 and 127.0.0.1) comes as an AggregateError
  // with no message, only a code.
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const reason = errorText(error) || code;
  const { role, database } = urlParts(url);
  const problem = (detail: string, fix: string) => fail('database', 'reachable', `${shownUrl}: ${detail}`, fix);
  switch (connectFailure(error)) {
    case 'refused':
      return problem(
        `connection refused (${reason})`,
        "is PostgreSQL running there? Check the host and port in DATABASE_URL, and listen_addresses and port in the server's postgresql.conf",
      );
    case 'auth failed':
      return problem(
        `the server refuses the login (${reason})`,
        'check the user and password in DATABASE_URL (percent-encode @, : and / in a password), and that pg_hba.conf lets this role in from this host',
      );
    case 'database missing':
      return problem(
        `the database does not exist (${reason})`,
        `create it, owned by the bot's role: createdb --owner=${role} ${database} (see docs/postgresql.md)`,
      );
    case 'timeout':
      return problem(
        `no answer in time (${reason})`,
        'check the host and port in DATABASE_URL, and that no firewall drops connections from here to the server',
      );
    case 'host unknown':
      return problem(`the host name does not resolve (${reason})`, "check the host in DATABASE_URL, and this machine's DNS");
    case 'too many connections':
      return problem(
        `the server takes no more connections (${reason})`,
        'every connection slot is in use: lower DATABASE_POOL_SIZE or run fewer processes, or raise max_connections',
      );
    case 'not accepting connections':
      return problem(
        `the server is not accepting connections (${reason})`,
        "it is starting, stopping or recovering: try again in a minute, and read the server's log if it stays so",
      );
    case 'other':
      return problem(
        `cannot be reached (${reason})`,
        "check DATABASE_URL (postgres://user:password@host:5432/database) and the server's log",
      );
  }
}
