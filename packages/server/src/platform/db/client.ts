import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';

export type Database = NodePgDatabase & { $client: pg.Pool };
/** A transaction handle: what services pass to each other inside one unit of work. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the pool-backed database or an open transaction. */
export type Executor = Database | Tx;

// int8 (count(*), sums in cents) as numbers while they are safe integers.
pg.types.setTypeParser(20, (value) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
});

export function createDatabase(url: string, max = 20): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: 'xiaoguan',
    options: '-c TimeZone=UTC',
  });
  pool.on('error', () => undefined);
  return drizzle(pool) as Database;
}

/** timestamptz → ISO 8601, whatever shape the driver handed back. */
export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
}
