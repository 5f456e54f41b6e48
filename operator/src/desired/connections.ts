// The connection budget: how many database connections the API may open, how PgBouncer multiplexes them, and
// what PostgreSQL's max_connections must be, all from the API's autoscaling bounds.
//
//   client connections   = HPA max × API_POOL_PER_POD                 every API pod's pool full at once
//   max_client_conn      = client connections + CLIENT_HEADROOM       per PgBouncer: one pooler alone must take
//                                                                     every client (the other may be restarting)
//   server pool (total)  = min(client connections, ACTIVE_SERVER_CONNECTIONS)
//   default_pool_size    = ceil(server pool ÷ POOLERS)                per PgBouncer
//   reserve_pool_size    = ceil(default_pool_size ÷ 4)                per PgBouncer, for bursts
//   max_connections      = POOLERS × (default_pool_size + reserve_pool_size)
//                          + SUPERUSER_RESERVED_CONNECTIONS + MAINTENANCE_CONNECTIONS
//
// so that   HPA max × per-pod pool ≤ max_client_conn   and   every pooler's server connections, plus the
// superuser's reserve and the migration/backup jobs that connect directly, fit in max_connections. Without the
// pooler 60 pods × 10 connections would need 600 backends; PostgreSQL forks a process per backend and, on the
// inCluster server's 2 CPUs, more than a few dozen busy backends only queue on the CPUs and on locks (the
// checkout holds a row lock on a hot product), so more server connections would add memory, not throughput.
import type { DhakaCartSpec } from '../types.ts';
import { apiReplicaBounds } from './capacity.ts';

/** Connections one API pod's pool opens at most (the API's DB_POOL_MAX, set by the operator). */
export const API_POOL_PER_POD = 10;

/** PgBouncer replicas: two, so a rollout or node drain never leaves the API without a pooler. */
export const POOLERS = 2;

/** Extra client slots per PgBouncer beyond the API's pools: readiness checks during a rollout's surge, psql. */
export const CLIENT_HEADROOM = 20;

/**
 * Server connections all poolers together keep busy at most: a few per CPU of the inCluster PostgreSQL (limit 2
 * CPUs), the usual sizing for a pool in front of a CPU-bound database (PgBouncer's and HikariCP's guidance:
 * `cores × 2` plus a margin for connections waiting on I/O or locks).
 */
export const ACTIVE_SERVER_CONNECTIONS = 20;

/** PostgreSQL's own default for superuser_reserved_connections (postgresql.org/docs/15/runtime-config-connection.html). */
export const SUPERUSER_RESERVED_CONNECTIONS = 3;

/**
 * Direct connections outside the pooler: the migration Job (1, holding an advisory lock, which needs a session),
 * a backup's pg_dump (1–2) and an on-call engineer's psql, with room to spare.
 */
export const MAINTENANCE_CONNECTIONS = 10;

/** Every size the pooler and the database are configured with. */
export interface ConnectionBudget {
  /** HPA max × API_POOL_PER_POD: what the API may open at once. */
  clientConnections: number;
  /** PgBouncer max_client_conn, per pooler. */
  maxClientConn: number;
  /** PgBouncer default_pool_size, per pooler (server connections per user/database pair). */
  defaultPoolSize: number;
  /** PgBouncer reserve_pool_size, per pooler. */
  reservePoolSize: number;
  /** PgBouncer max_db_connections, per pooler: default + reserve, a hard cap. */
  maxDbConnections: number;
  /** PostgreSQL max_connections. */
  maxConnections: number;
}

/** The connection budget of a shop, from the API's autoscaling maximum (after spec.capacity raised it). */
export function connectionBudget(spec: DhakaCartSpec): ConnectionBudget {
  const clientConnections = apiReplicaBounds(spec).api.max * API_POOL_PER_POD;
  const serverPool = Math.min(clientConnections, ACTIVE_SERVER_CONNECTIONS);
  const defaultPoolSize = Math.ceil(serverPool / POOLERS);
  const reservePoolSize = Math.ceil(defaultPoolSize / 4);
  const maxDbConnections = defaultPoolSize + reservePoolSize;
  return {
    clientConnections,
    maxClientConn: clientConnections + CLIENT_HEADROOM,
    defaultPoolSize,
    reservePoolSize,
    maxDbConnections,
    maxConnections: POOLERS * maxDbConnections + SUPERUSER_RESERVED_CONNECTIONS + MAINTENANCE_CONNECTIONS,
  };
}
